package io.sluice.examples.maple;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.Main;
import io.sluice.testing.ChildJvm;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.SparkHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model scoring on a multi-JVM cluster (local-cluster: two executor JVMs): eight partitions, the
 * model loaded once in each executor JVM and shared by its tasks.
 */
class MapleScoringClusterIT {
  @TempDir Path work;

  @Test
  void eachExecutorJvmLoadsTheModelOnce() throws Exception {
    Path names = work.resolve("names.csv");
    List<String> lines = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 4_000; i++) {
      lines.add(MaplePopulation.twoCharacterName(random));
    }
    Files.write(names, lines);
    Path model = RepositoryFiles.resolve("examples/maple-nicknames/models/korean-sentiment");
    Path pipeline = work.resolve("cluster.yaml");
    Files.writeString(
        pipeline,
        String.join(
            "\n",
            "pipeline: score-cluster",
            "lake: " + work.resolve("lake"),
            "run_store: jdbc:h2:file:" + work.resolve("runs"),
            "spark:",
            "  master: local-cluster[2,1,1024]",
            "  conf: { spark.default.parallelism: '8' }",
            "sources:",
            "  names: { type: file, format: csv, header: false, path: '"
                + names
                + "', columns: { name: string } }",
            "datasets:",
            "  silver.names: { from: names, metadata: false }",
            "  gold.scores:",
            "    score: { input: silver.names, text: name, model: '"
                + model
                + "', positive_label: positive, batch_size: 64 }",
            "    expect:",
            "      - { name: scored, check: \"label IN ('positive', 'negative')\", on_fail: fail }",
            ""));
    Path sparkHome = SparkHome.create(work);
    Path log = work.resolve("run.log");
    Process process =
        ChildJvm.start(
            work,
            Main.class.getName(),
            List.of("run", pipeline.toString()),
            Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13"),
            log);
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(finished).as(output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).containsPattern("gold\\.scores +4,000 in +4,000 out");

    // every executor's stderr: one model load, however many of the 8 partitions it ran
    List<Path> stderr;
    try (Stream<Path> files = Files.walk(sparkHome.resolve("work"))) {
      stderr = files.filter(f -> f.getFileName().toString().equals("stderr")).toList();
    }
    long executorsThatScored = 0;
    for (Path file : stderr) {
      String text = Files.readString(file);
      long loads = text.lines().filter(l -> l.contains("Loaded classifier")).count();
      assertThat(loads).as(file + ":\n" + text).isLessThanOrEqualTo(1);
      executorsThatScored += loads;
    }
    assertThat(stderr).hasSize(2);
    assertThat(executorsThatScored).isEqualTo(2);
    assertThat(output).doesNotContain("Loaded classifier"); // not on the driver
  }
}
