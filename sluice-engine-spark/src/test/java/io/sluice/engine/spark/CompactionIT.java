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
    for (int batch = 0; batch < 30; batch++) {
      spark.sql(
          "INSERT INTO lake.compact.events SELECT id, concat('n', id) FROM range("
              + batch * 100
              + ", "
              + (batch + 1) * 100
              + ", 1, 1)");
    }
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
  }

  private static long files(SparkSession spark) {
    return spark.sql("SELECT count(*) FROM lake.compact.events.files").first().getLong(0);
  }
}
