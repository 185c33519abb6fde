package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.plan.PlannedDataset;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.DatasetSpec;
import io.sluice.spec.ExpectationSpec;
import io.sluice.spec.OnFail;
import io.sluice.spec.StreamTrigger;
import io.sluice.spec.yaml.Position;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SourceResult;
import io.sluice.spi.spark.SparkStreamingSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A micro-batch that Spark runs again after a crash (same query, same batch id) is not written
 * twice, also when only its table commit landed before the crash.
 */
class MicroBatchIT {
  private static final Position HERE = new Position("test.yaml", 1, 1);

  /** Passes the batch through; the engine's checks do the rest. */
  private static final SparkStreamingSource PASS_THROUGH =
      new SparkStreamingSource() {
        @Override
        public Dataset<Row> open(SourceContext context) {
          throw new UnsupportedOperationException("not used");
        }

        @Override
        public SourceResult parse(Dataset<Row> batch, SourceContext context) {
          return SourceResult.of(batch);
        }
      };

  private static PlannedDataset stream(String name) {
    return stream(name, List.of());
  }

  private static PlannedDataset stream(String name, List<String> keys) {
    return new PlannedDataset(
        DatasetSpec.builder(name, new DatasetDefinition.FromSource("events", HERE), HERE)
            .mode(WriteMode.APPEND)
            .keys(keys)
            .expectations(
                List.of(new ExpectationSpec("positive", "id > 0", OnFail.QUARANTINE, HERE)))
            .streaming(Optional.of(StreamTrigger.availableNowTrigger()))
            .build(),
        List.of(),
        null);
  }

  private static long count(String sql) {
    return SharedSpark.session().sql(sql).first().getLong(0);
  }

  @Test
  void aBatchRunAgainIsSkipped() {
    SparkSession spark = SharedSpark.session();
    PlannedDataset dataset = stream("mb.events");
    DatasetStep step = new DatasetStep(spark, "run-1", Map.of());
    Dataset<Row> batch0 = spark.sql("SELECT id - 1 AS id FROM range(0, 100)"); // 0..99: 0 is bad
    Dataset<Row> batch1 = spark.sql("SELECT id FROM range(100, 150)");

    DatasetStep.Counts first = step.runMicroBatch(dataset, PASS_THROUGH, batch0, commit(0));
    assertThat(first.rowsIn()).isEqualTo(100);
    assertThat(first.rowsOut()).isEqualTo(98);
    assertThat(first.quarantined()).isEqualTo(2); // -1 and 0
    DatasetStep.Counts again = step.runMicroBatch(dataset, PASS_THROUGH, batch0, commit(0));
    assertThat(again.rowsIn()).isZero();
    step.runMicroBatch(dataset, PASS_THROUGH, batch1, commit(1));
    step.runMicroBatch(dataset, PASS_THROUGH, batch1, commit(1));
    step.runMicroBatch(dataset, PASS_THROUGH, batch0, commit(0)); // an older batch: also skipped

    assertThat(count("SELECT count(*) FROM mb.events")).isEqualTo(148);
    assertThat(count("SELECT count(DISTINCT id) FROM mb.events")).isEqualTo(148);
    assertThat(count("SELECT count(*) FROM mb.events__quarantine")).isEqualTo(2);
    // Another query (a new checkpoint) is not confused with this one.
    DatasetStep.Counts other =
        step.runMicroBatch(dataset, PASS_THROUGH, batch1, new StreamCommit("another-query", 0));
    assertThat(other.rowsOut()).isEqualTo(50);
  }

  @Test
  void aBatchWhoseQuarantineCommitWasLostWritesOnlyTheQuarantine() {
    SparkSession spark = SharedSpark.session();
    PlannedDataset dataset = stream("mb.partial");
    DatasetStep step = new DatasetStep(spark, "run-1", Map.of());
    Dataset<Row> batch = spark.sql("SELECT id - 5 AS id FROM range(0, 20)"); // -5..0 are bad
    step.runMicroBatch(dataset, PASS_THROUGH, batch, commit(0));
    // The crash: the table commit landed, the quarantine commit did not.
    spark.sql("DROP TABLE lake.mb.partial__quarantine");

    DatasetStep.Counts rest = step.runMicroBatch(dataset, PASS_THROUGH, batch, commit(0));
    assertThat(rest.rowsOut()).isZero();
    assertThat(rest.quarantined()).isEqualTo(6);
    assertThat(count("SELECT count(*) FROM mb.partial")).isEqualTo(14);
    assertThat(count("SELECT count(*) FROM mb.partial__quarantine")).isEqualTo(6);
    assertThat(step.runMicroBatch(dataset, PASS_THROUGH, batch, commit(0)).rowsIn()).isZero();
  }

  @Test
  void withKeysARecordSentTwiceIsWrittenOnceAndCountedAsDropped() {
    SparkSession spark = SharedSpark.session();
    PlannedDataset dataset = stream("mb.keyed", List.of("key"));
    DatasetStep step = new DatasetStep(spark, "run-1", Map.of());
    // keys k1..k5 twice each, and two rows without a key (never deduplicated)
    Dataset<Row> batch0 =
        spark.sql(
            "SELECT id + 1 AS id, CASE WHEN id < 10 THEN concat('k', id % 5) END AS key"
                + " FROM range(0, 12)");
    DatasetStep.Counts first = step.runMicroBatch(dataset, PASS_THROUGH, batch0, commit(0));
    assertThat(first.rowsIn()).isEqualTo(12);
    assertThat(first.rowsOut()).isEqualTo(7);
    assertThat(first.dropped()).isEqualTo(5);
    // a retried request: k3, k4 again and a new k9
    Dataset<Row> batch1 =
        spark.sql("SELECT * FROM VALUES (20, 'k3'), (21, 'k4'), (22, 'k9') AS t(id, key)");
    DatasetStep.Counts second = step.runMicroBatch(dataset, PASS_THROUGH, batch1, commit(1));
    assertThat(second.rowsOut()).isEqualTo(1);
    assertThat(second.dropped()).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM mb.keyed")).isEqualTo(8);
    assertThat(count("SELECT count(DISTINCT key) FROM mb.keyed")).isEqualTo(6);
  }

  /**
   * The comparison with the table reads only the key range of the batch: a key from long ago is
   * still found, and keys with quotes and backslashes make valid bounds.
   */
  @Test
  void keysAreComparedWithinTheBatchsRangeAndOldKeysAreStillFound() {
    SparkSession spark = SharedSpark.session();
    PlannedDataset dataset = stream("mb.ranged", List.of("id", "name"));
    DatasetStep step = new DatasetStep(spark, "run-1", Map.of());
    String name = "concat('o', chr(39), 'brien', chr(92), id % 3) AS name";
    for (int batch = 0; batch < 3; batch++) {
      Dataset<Row> rows =
          spark.sql(
              "SELECT id, "
                  + name
                  + " FROM range("
                  + (batch * 100 + 1)
                  + ", "
                  + (batch * 100 + 101)
                  + ")");
      assertThat(step.runMicroBatch(dataset, PASS_THROUGH, rows, commit(batch)).rowsOut())
          .isEqualTo(100);
    }
    Dataset<Row> retried =
        spark.sql("SELECT id, " + name + " FROM VALUES (50L), (300L), (301L) AS t(id)");
    DatasetStep.Counts counts = step.runMicroBatch(dataset, PASS_THROUGH, retried, commit(3));
    assertThat(counts.rowsOut()).isEqualTo(1);
    assertThat(counts.dropped()).isEqualTo(2);
    assertThat(
            spark
                .sql("SELECT count(*), count(DISTINCT id), max(id) FROM mb.ranged")
                .first()
                .toString())
        .isEqualTo("[301,301,301]");
    assertThat(spark.sql("SELECT name FROM mb.ranged WHERE id = 300").first().getString(0))
        .isEqualTo("o'brien\\0");
  }

  @Test
  void withKeepLastTheNewestVersionOfAKeyReplacesTheOlder() {
    SparkSession spark = SharedSpark.session();
    PlannedDataset dataset =
        new PlannedDataset(
            stream("mb.latest", List.of("key")).spec().toBuilder().keepLast(true).build(),
            List.of(),
            null);
    DatasetStep step = new DatasetStep(spark, "run-1", Map.of());
    // one partition, in this order: k1 twice in one batch, the later row wins
    Dataset<Row> batch0 =
        spark
            .sql(
                "SELECT * FROM VALUES (1, 'k1', 'a'), (2, 'k2', 'b'), (3, 'k1', 'c') AS t(id, key, v)")
            .coalesce(1);
    DatasetStep.Counts first = step.runMicroBatch(dataset, PASS_THROUGH, batch0, commit(0));
    assertThat(first.rowsIn()).isEqualTo(3);
    assertThat(first.rowsIn()).isEqualTo(first.rowsOut() + first.quarantined() + first.dropped());
    assertThat(DatasetStep.accepted(dataset.spec(), batch0).orderBy("key").collectAsList())
        .extracting(r -> r.getString(2))
        .containsExactly("c", "b");
    Dataset<Row> batch1 =
        spark.sql("SELECT * FROM VALUES (4, 'k2', 'd'), (5, 'k3', 'e') AS t(id, key, v)");
    step.runMicroBatch(dataset, PASS_THROUGH, batch1, commit(1));
    step.runMicroBatch(dataset, PASS_THROUGH, batch1, commit(1)); // run again: skipped
    assertThat(
            spark.sql("SELECT key, v FROM mb.latest ORDER BY key").collectAsList().stream()
                .map(r -> r.getString(0) + "=" + r.getString(1))
                .toList())
        .containsExactly("k1=c", "k2=d", "k3=e");
  }

  @Test
  void aDatasetComputedFromABatchIsCommittedOncePerBatch() {
    SparkSession spark = SharedSpark.session();
    String sql = "SELECT id * 2 AS doubled FROM mb.source WHERE id > 0";
    PlannedDataset derived =
        new PlannedDataset(
            DatasetSpec.builder(
                    "mb.doubled",
                    new DatasetDefinition.SqlQuery(
                        sql, new io.sluice.spec.yaml.YamlScalar(sql, false, false, 1, HERE)),
                    HERE)
                .mode(WriteMode.APPEND)
                .expectations(
                    List.of(new ExpectationSpec("small", "doubled < 20", OnFail.QUARANTINE, HERE)))
                .streaming(Optional.of(StreamTrigger.availableNowTrigger()))
                .build(),
            List.of("mb.source"),
            null);
    assertThat(derived.spec().streamDerived()).isTrue();
    spark.sql("SELECT id FROM range(-2, 13)").createOrReplaceTempView("mb_batch");
    Dataset<Row> input =
        spark.sql(StreamSql.readingBatch(sql, "mb.source", "mb_batch")); // ids 1..12
    DatasetStep step = new DatasetStep(spark, "run-1", Map.of());
    DatasetStep.Counts counts = step.runDerivedMicroBatch(derived, input, commit(0));
    assertThat(counts.rowsIn()).isEqualTo(12);
    assertThat(counts.rowsOut()).isEqualTo(9); // 2..18
    assertThat(counts.quarantined()).isEqualTo(3); // 20, 22, 24
    assertThat(step.runDerivedMicroBatch(derived, input, commit(0)).rowsIn()).isZero();
    assertThat(count("SELECT count(*) FROM mb.doubled")).isEqualTo(9);
    assertThat(count("SELECT sum(doubled) FROM mb.doubled")).isEqualTo(90);
    assertThat(DatasetStep.accepted(derived.spec(), input).count()).isEqualTo(9);
  }

  private static StreamCommit commit(long batchId) {
    return new StreamCommit("query-1", batchId);
  }
}
