package io.sluice.examples.ufo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.spark.SparkSessions;
import io.sluice.spec.EngineSettings;
import io.sluice.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster readiness: the UFO pipeline runs with its {@code cluster} profile on a multi-JVM Spark
 * cluster (local-cluster: a master, two workers and two executor JVMs, started by Spark from a
 * SPARK_HOME whose jars/ holds this class path) and produces the same gold tables as local mode.
 */
class UfoSightingsClusterIT {
  @TempDir Path work;
  private long executorJvms;

  @Test
  void clusterProfileProducesTheSameGoldTablesAsLocal() throws Exception {
    Path csv = work.resolve("ufo.csv");
    new UfoGenerator(7).write(csv, 20_000);
    Path sparkHome = sparkHome();
    String local = runPipeline("local", csv, sparkHome);
    executorJvms = 0;
    String cluster = runPipeline("cluster", csv, sparkHome);
    assertThat(executorJvms).as("executor JVMs seen while the cluster run ran").isEqualTo(2);
    assertThat(cluster).contains("spark local-cluster[2,1,1024]").contains("succeeded");
    assertThat(local).contains("succeeded");

    SparkSession spark =
        SparkSessions.create(
            "cluster-it", new EngineSettings(work.toString(), "local[2]", Map.of(), "x"));
    try {
      for (String table : UfoRun.GOLD) {
        List<String> fromLocal = rows(spark, "lake_local", table);
        List<String> fromCluster = rows(spark, "lake_cluster", table);
        assertThat(fromCluster).as(table).isNotEmpty().isEqualTo(fromLocal);
      }
    } finally {
      spark.stop();
    }
  }

  private List<String> rows(SparkSession spark, String lake, String table) {
    spark.conf().set("spark.sql.catalog." + lake, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set("spark.sql.catalog." + lake + ".type", "hadoop");
    spark
        .conf()
        .set("spark.sql.catalog." + lake + ".warehouse", work.resolve(lake).toUri().toString());
    return new Dataset(spark.table(lake + "." + table)).sorted();
  }

  /**
   * Wraps a frame to compare it as sorted text rows (doubles rounded to absorb summation order).
   */
  private record Dataset(org.apache.spark.sql.Dataset<Row> frame) {
    List<String> sorted() {
      List<String> result = new ArrayList<>();
      for (Row row : frame.collectAsList()) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < row.length(); i++) {
          Object value = row.get(i);
          text.append(
                  value instanceof Double d
                      ? String.format(java.util.Locale.ROOT, "%.3f", d)
                      : String.valueOf(value))
              .append('|');
        }
        result.add(text.toString());
      }
      result.sort(null);
      return result;
    }
  }

  private Path sparkHome() throws Exception {
    return io.sluice.testing.SparkHome.create(work);
  }

  /** Runs the CLI in a child JVM (the environment Spark's workers read must be set at start). */
  private String runPipeline(String profile, Path csv, Path sparkHome) throws Exception {
    Process process =
        ChildJvm.start(
            work,
            io.sluice.cli.Main.class.getName(),
            List.of(
                "run",
                UfoRun.PIPELINE.toString(),
                "--profile",
                profile,
                "--param",
                "input=" + csv,
                "--param",
                "out=" + work.resolve("out-" + profile),
                "--lake",
                work.resolve("lake_" + profile).toString(),
                "--run-store",
                "jdbc:h2:file:" + work.resolve("runs-" + profile)),
            Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13"),
            work.resolve(profile + ".log"));
    boolean finished = false;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!finished && System.nanoTime() < deadline) {
      // A process an executor forks (Hadoop shells out for file permissions) shows the
      // executor's command line until it execs, so only executors whose parent is not an
      // executor count.
      long running =
          process
              .descendants()
              .filter(UfoSightingsClusterIT::isExecutor)
              .filter(child -> child.parent().filter(UfoSightingsClusterIT::isExecutor).isEmpty())
              .count();
      executorJvms = Math.max(executorJvms, running);
      finished = process.waitFor(200, TimeUnit.MILLISECONDS);
    }
    if (!finished) {
      process.destroyForcibly();
    }
    String log = Files.readString(work.resolve(profile + ".log"));
    assertThat(finished).as("run finished in time: " + log).isTrue();
    assertThat(process.exitValue()).as(log).isZero();
    return log;
  }

  private static boolean isExecutor(ProcessHandle handle) {
    return handle.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend");
  }
}
