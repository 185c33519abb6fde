package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** A table of many small files, as a stream leaves it, compacted without a row lost or added. */
class CompactionIT {
  @Test
  void manySmallFilesBecomeOneAndEveryRowIsKept() {
    SparkSession spark = SharedSpark.session();
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.compact");
    spark.sql("CREATE TABLE lake.compact.events (id BIGINT, name STRING) USING iceberg");
    insertBatches(spark, 0, 30);
    assertThat(files(spark)).isEqualTo(30);
    // fewer small files than asked for: nothing is rewritten
    assertThat(Compaction.compact(spark, "compact.events", 31, 128L << 20)).isEmpty();
    Compaction.Report report =
        Compaction.compact(spark, "compact.events", 5, 128L << 20).orElseThrow();
    assertThat(report.rewritten()).isEqualTo(30);
    assertThat(report.added()).isEqualTo(1);
    assertThat(files(spark)).isEqualTo(1);
    assertThat(
            spark
                .sql("SELECT count(*), count(DISTINCT id), sum(id) FROM lake.compact.events")
                .first()
                .toString())
        .isEqualTo("[3000,3000,4498500]");

    // five more small files: a compaction rewrites those, not the file an earlier one made (once
    // that is past a quarter of the target), so that its cost does not grow with the table
    long compacted =
        spark
            .sql("SELECT max(file_size_in_bytes) FROM lake.compact.events.files")
            .first()
            .getLong(0);
    insertBatches(spark, 30, 35);
    Compaction.Report next =
        Compaction.compact(spark, "compact.events", 5, 2 * compacted).orElseThrow();
    assertThat(next.rewritten()).isEqualTo(5);
    assertThat(files(spark)).isEqualTo(2);
    assertThat(
            spark
                .sql("SELECT count(*), count(DISTINCT id) FROM lake.compact.events")
                .first()
                .toString())
        .isEqualTo("[3500,3500]");
  }

  /**
   * A stream's batches are known by the mark in their snapshots: after a compaction and an expiry
   * that leaves only the compaction's snapshot, a batch run again after a crash is still known.
   */
  @Test
  void theStreamsMarkOutlivesTheSnapshotsACompactionReplaces() throws Exception {
    SparkSession spark = SharedSpark.session();
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.compact");
    spark.sql("CREATE TABLE lake.compact.marked (id BIGINT) USING iceberg");
    String table = LakeTables.qualified("compact.marked");
    for (long batch = 0; batch < 4; batch++) {
      StreamCommit commit = new StreamCommit("query-1", batch);
      spark
          .range(batch * 10, batch * 10 + 10)
          .writeTo(table)
          .option("snapshot-property." + StreamCommit.QUERY_ID, commit.queryId())
          .option("snapshot-property." + StreamCommit.BATCH_ID, Long.toString(batch))
          .append();
    }
    assertThat(Compaction.compact(spark, "compact.marked", 2, 128L << 20).orElseThrow().added())
        .isEqualTo(1);
    LakeMaintenance.expire(
        spark,
        "compact.marked",
        new io.sluice.spec.RetentionSpec(java.util.Optional.of(java.time.Duration.ZERO), 1),
        System.currentTimeMillis() + 1);
    assertThat(spark.sql("SELECT count(*) FROM lake.compact.marked.snapshots").first().getLong(0))
        .isEqualTo(1);
    assertThat(spark.sql("SELECT count(*), sum(id) FROM lake.compact.marked").first().toString())
        .isEqualTo("[40,780]");
    assertThat(LakeTables.committed(spark, table, new StreamCommit("query-1", 3))).isTrue();
    assertThat(LakeTables.committed(spark, table, new StreamCommit("query-1", 2))).isTrue();
    assertThat(LakeTables.committed(spark, table, new StreamCommit("query-1", 4))).isFalse();
    assertThat(LakeTables.committed(spark, table, new StreamCommit("query-2", 0))).isFalse();
    // a compaction beside the stream commits the mark it read when it began (3) after batch 4's
    for (long batch : new long[] {4, 3}) {
      spark
          .range(0, 0)
          .writeTo(table)
          .option("snapshot-property." + StreamCommit.QUERY_ID, "query-1")
          .option("snapshot-property." + StreamCommit.BATCH_ID, Long.toString(batch))
          .append();
    }
    assertThat(LakeTables.committed(spark, table, new StreamCommit("query-1", 4))).isTrue();
    assertThat(LakeTables.committed(spark, table, new StreamCommit("query-1", 5))).isFalse();
  }

  /**
   * Batches {@code from..to} of 100 rows, one file each, as a stream's micro-batches leave them.
   */
  private static void insertBatches(SparkSession spark, int from, int to) {
    for (int batch = from; batch < to; batch++) {
      spark.sql(
          "INSERT INTO lake.compact.events SELECT id, concat('n', id) FROM range("
              + batch * 100
              + ", "
              + (batch + 1) * 100
              + ", 1, 1)");
    }
  }

  private static long files(SparkSession spark) {
    return spark.sql("SELECT count(*) FROM lake.compact.events.files").first().getLong(0);
  }
}
