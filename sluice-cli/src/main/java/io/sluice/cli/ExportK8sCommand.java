package io.sluice.cli;

import io.sluice.core.plan.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice export k8s FILE -o DIR}: manifests and a Dockerfile to run it on Kubernetes. */
@Command(
    name = "k8s",
    description =
        "Write the Kubernetes manifests that run the pipeline with spark-submit's native"
            + " Kubernetes mode (a service account and role for the driver, a Job, or a CronJob"
            + " for a scheduled pipeline) and the Dockerfile of its image.")
final class ExportK8sCommand implements Callable<Integer> {
  @Mixin PipelineOptions options;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      defaultValue = "k8s",
      description =
          "The folder to write (default: ${DEFAULT-VALUE}); the one `sluice package` wrote makes"
              + " it the image's build folder.")
  Path output;

  @Option(
      names = "--image",
      paramLabel = "IMAGE",
      description = "The image to run (default: sluice-PIPELINE:latest).")
  String image;

  @Option(
      names = "--namespace",
      paramLabel = "NAMESPACE",
      defaultValue = "default",
      description = "The namespace of the objects and pods (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Override
  public Integer call() throws IOException {
    Plan plan = options.plan();
    String tag = image != null ? image : "sluice-" + plan.spec().name() + ":latest";
    K8sManifests manifests = new K8sManifests(plan, tag, namespace, jarNames());
    Files.createDirectories(output);
    Path yaml = output.resolve(manifests.name() + ".yaml");
    Files.writeString(
        yaml, io.sluice.spi.Redaction.scrub(yaml(manifests.objects())), StandardCharsets.UTF_8);
    Files.writeString(output.resolve("Dockerfile"), manifests.dockerfile(), StandardCharsets.UTF_8);
    System.out.println(
        "Wrote "
            + yaml
            + " ("
            + String.join(
                ", ", manifests.objects().stream().map(o -> String.valueOf(o.get("kind"))).toList())
            + ") and "
            + output.resolve("Dockerfile"));
    System.out.println(
        "Next: build the image "
            + tag
            + " in "
            + output
            + " (after `sluice package "
            + options.file
            + " -o "
            + output
            + "`), push it, then `kubectl apply -f "
            + yaml
            + "`");
    return Main.OK;
  }

  /** The jar names in the image: those `sluice package` listed in DIR, else this install's. */
  private List<String> jarNames() throws IOException {
    Path listed = output.resolve("jars.txt");
    if (Files.isRegularFile(listed)) {
      return Files.readAllLines(listed, StandardCharsets.UTF_8).stream()
          .filter(line -> !line.isBlank())
          .toList();
    }
    Path scratch = Files.createTempDirectory("sluice-k8s");
    try {
      return io.sluice.engine.spark.ApplicationJars.of(Main.class, List.of(), scratch)
          .jars()
          .stream()
          .map(jar -> String.valueOf(jar.getFileName()))
          .toList();
    } finally {
      io.sluice.engine.spark.ApplicationJars.deleteScratch(scratch);
    }
  }

  /** The objects as one YAML stream, block style. */
  static String yaml(List<Map<String, Object>> objects) {
    DumperOptions style = new DumperOptions();
    style.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    style.setIndicatorIndent(2);
    style.setIndentWithIndicator(true);
    style.setWidth(100);
    return new Yaml(style).dumpAll(objects.iterator());
  }
}
