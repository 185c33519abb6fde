package io.sluice.engine.spark;

import io.sluice.spec.DatasetSpec;
import io.sluice.spi.WriteMode;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes a frame into an Iceberg table with the dataset's mode. Every mode is one Iceberg commit: a
 * failure leaves the table as it was. Overwrite and merge are idempotent.
 */
final class LakeWriter {
  private LakeWriter() {}

  static void write(
      SparkSession spark, Dataset<Row> data, DatasetSpec spec, String table, String runId) {
    String view =
        "sluice_src_"
            + runId.replaceAll("[^A-Za-z0-9]", "_")
            + "_"
            + Integer.toHexString(table.hashCode());
    data.createOrReplaceTempView(view);
    try {
      String partitioning =
          spec.partitionBy().isEmpty()
              ? ""
              : " PARTITIONED BY (" + String.join(", ", spec.partitionBy()) + ")";
      boolean exists = LakeTables.exists(spark, table);
      WriteMode mode = spec.mode();
      if (mode == WriteMode.OVERWRITE || !exists) {
        String verb = mode == WriteMode.OVERWRITE ? "CREATE OR REPLACE TABLE " : "CREATE TABLE ";
        spark.sql(verb + table + " USING iceberg" + partitioning + " AS SELECT * FROM " + view);
      } else if (mode == WriteMode.APPEND) {
        spark.sql("INSERT INTO " + table + " BY NAME SELECT * FROM " + view);
      } else {
        spark.sql(merge(table, view, spec.keys(), data.columns()));
      }
    } finally {
      spark.catalog().dropTempView(view);
    }
  }

  static String merge(String table, String view, List<String> keys, String[] columns) {
    String on =
        keys.stream()
            .map(k -> "t." + LakeTables.quote(k) + " <=> s." + LakeTables.quote(k))
            .collect(Collectors.joining(" AND "));
    return "MERGE INTO "
        + table
        + " t USING "
        + view
        + " s ON "
        + on
        + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *";
  }
}
