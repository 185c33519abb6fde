package io.sluice.cli;

import io.sluice.spec.EngineSettings;
import io.sluice.spec.FormatOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The arguments of {@code spark-submit} that run a pipeline's driver on a cluster: the master and
 * deploy mode, Sluice's CLI as the application ({@code io.sluice.cli.Main} in the first jar), the
 * other jars as {@code --jars}, the JVM flags Spark 4 needs on Java 17 for the driver and the
 * executors, the profile's Spark properties, then the driver's own arguments ({@code run ...
 * --driver}).
 */
final class SubmitArgs {
  private SubmitArgs() {}

  /**
   * @param jarUrls where the cluster reads the jars, the application jar (the CLI's) first
   * @param driverArgs what the driver runs, from {@code run}
   */
  static List<String> of(
      EngineSettings settings,
      String appName,
      List<String> jarUrls,
      String jvmFlags,
      List<String> driverArgs) {
    List<String> args = new ArrayList<>();
    args.add("--master");
    args.add(settings.sparkMaster());
    args.add("--deploy-mode");
    args.add(settings.deployMode());
    args.add("--name");
    args.add(appName);
    args.add("--class");
    args.add(Main.class.getName());
    if (jarUrls.size() > 1) {
      args.add("--jars");
      args.add(String.join(",", jarUrls.subList(1, jarUrls.size())));
    }
    Map<String, String> conf = new java.util.LinkedHashMap<>();
    conf.put("spark.driver.extraJavaOptions", jvmFlags);
    conf.put("spark.executor.extraJavaOptions", jvmFlags);
    conf.putAll(settings.sparkConf());
    conf.remove(FormatOptions.DEPLOY_MODE_PROPERTY); // --deploy-mode says it
    conf.forEach(
        (key, value) -> {
          args.add("--conf");
          args.add(key + "=" + value);
        });
    args.add(jarUrls.get(0));
    args.addAll(driverArgs);
    return args;
  }

  /**
   * The JVM flags of the driver and the executors: this JVM's module flags (the launcher's
   * jvm.options), or where it has none (a command started without Spark's) Spark's own list.
   */
  /**
   * The driver's {@code sluice run} command line: the file's name, {@code --driver}, the file's
   * text in base64 (the driver has no copy of it) and the profile.
   */
  static List<String> driver(String fileName, String pipelineBase64, String profile) {
    return new java.util.ArrayList<>(
        List.of(
            "run",
            fileName,
            "--driver",
            "--pipeline-base64",
            pipelineBase64,
            "--profile",
            profile));
  }

  static String jvmFlags() {
    String flags = io.sluice.engine.spark.SparkSessions.moduleFlags();
    return flags.isBlank()
        ? org.apache.spark.launcher.JavaModuleOptions.defaultModuleOptions()
        : flags;
  }
}
