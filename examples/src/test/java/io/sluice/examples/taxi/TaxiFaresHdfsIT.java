package io.sluice.examples.taxi;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.Main;
import io.sluice.engine.spark.EmbeddedLake;
import io.sluice.examples.LakeSql;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.TestingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hive.HiveCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/taxi-fares with {@code --profile hdfs}: the same pipeline file on a real HDFS (a
 * NameNode and a DataNode as child processes) with its tables registered in a real Hive 2.3
 * Metastore (a child process), against the same run on the local lake: the same silver, gold and
 * quarantine, the tables visible to any Hive Metastore client, a day's query planning one file.
 */
class TaxiFaresHdfsIT {
  static final Path PIPELINE = RepositoryFiles.resolve("examples/taxi-fares/pipeline.yaml");

  @TempDir Path work;

  @AfterEach
  void stopEmbeddedServices() {
    EmbeddedLake.stop();
    System.clearProperty(EmbeddedLake.DIRECTORY_PROPERTY);
  }

  /** Three months of 2014 (90 partitions) out of 60,000 generated trips. */
  private List<String> params() {
    return List.of(
        "--param", "data=" + work.resolve("data"),
        "--param", "history_rows=60000",
        "--param", "from=2014-01-01",
        "--param", "to=2014-03-31",
        "--param", "predict_from=2014-03-02",
        "--param", "gbt_iterations=8");
  }

  private void run(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", PIPELINE.toString()));
    args.addAll(params());
    args.addAll(List.of(extra));
    TestingConsole.Captured<Integer> console =
        TestingConsole.capture(() -> Main.execute(args.toArray(String[]::new)));
    assertThat(console.result()).as(console.out() + console.err()).isEqualTo(Main.OK);
  }

  private static final List<String> SAME =
      List.of(
          "SELECT count(*), count(DISTINCT pickup_day), round(sum(fare_amount), 2),"
              + " round(sum(distance_miles), 4) FROM silver.trips",
          "SELECT _reasons[0] AS rule, count(*) FROM silver.trips__quarantine GROUP BY 1 ORDER BY 1",
          "SELECT * FROM gold.daily_fares ORDER BY pickup_day",
          "SELECT count(*), count(DISTINCT key) FROM gold.fare_predictions",
          "SELECT pickup_day, trips FROM gold.daily_error ORDER BY pickup_day");

  @Test
  void runsTheSamePipelineOnHdfsAndHiveWithTheSameResults() throws Exception {
    System.setProperty(EmbeddedLake.DIRECTORY_PROPERTY, work.resolve("embedded").toString());
    run(
        "--lake",
        work.resolve("lake").toString(),
        "--run-store",
        "jdbc:h2:file:" + work.resolve("local-runs"));
    List<List<String>> local = new ArrayList<>();
    for (String sql : SAME) {
      local.add(LakeSql.csv(PIPELINE, work.resolve("lake"), sql));
    }
    assertThat(local.get(0).get(0)).doesNotStartWith("0,");
    assertThat(local.get(2)).hasSize(90);

    run("--profile", "hdfs", "--run-store", "jdbc:h2:file:" + work.resolve("hdfs-runs"));
    for (int i = 0; i < SAME.size(); i++) {
      assertThat(LakeSql.csvOfProfile(PIPELINE, "hdfs", SAME.get(i)))
          .as(SAME.get(i))
          .isEqualTo(local.get(i));
    }

    // the data is on the embedded HDFS, the tables in the embedded Hive Metastore
    Path hdfs = work.resolve("embedded/hdfs");
    int port = Integer.parseInt(Files.readString(hdfs.resolve("namenode.port")).trim());
    int metastore =
        Integer.parseInt(
            Files.readString(work.resolve("embedded/metastore/metastore.port")).trim());
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "hdfs://127.0.0.1:" + port);
    HiveCatalog hive = new HiveCatalog();
    hive.setConf(conf);
    hive.initialize(
        "hive",
        Map.of(
            "uri", "thrift://127.0.0.1:" + metastore,
            "warehouse", "hdfs://127.0.0.1:" + port + "/lake/taxi"));
    assertThat(hive.listTables(Namespace.of("silver")))
        .contains(
            TableIdentifier.of("silver", "trips"),
            TableIdentifier.of("silver", "trips__quarantine"));
    assertThat(hive.listTables(Namespace.of("gold")))
        .contains(
            TableIdentifier.of("gold", "daily_fares"), TableIdentifier.of("gold", "daily_error"));
    Table trips = hive.loadTable(TableIdentifier.of("silver", "trips"));
    assertThat(trips.location()).startsWith("hdfs://127.0.0.1:" + port + "/lake/taxi/silver.db/");
    List<String> files = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = trips.newScan().planFiles()) {
      tasks.forEach(task -> files.add(task.file().location()));
    }
    assertThat(files).hasSize(90).allMatch(f -> f.startsWith("hdfs://127.0.0.1:" + port + "/"));
    // blocks on the DataNode's disk, not in the local lake
    try (var blocks = Files.walk(hdfs.resolve("data"))) {
      assertThat(blocks.filter(p -> p.getFileName().toString().startsWith("blk_")).count())
          .isGreaterThanOrEqualTo(files.size());
    }
    // a day's query plans that day's one file
    try (CloseableIterable<FileScanTask> day =
        trips
            .newScan()
            .filter(
                Expressions.and(
                    Expressions.greaterThanOrEqual("pickup_at", "2014-02-10T00:00:00+00:00"),
                    Expressions.lessThan("pickup_at", "2014-02-11T00:00:00+00:00")))
            .planFiles()) {
      assertThat(day).hasSize(1);
    }
    hive.close();
  }
}
