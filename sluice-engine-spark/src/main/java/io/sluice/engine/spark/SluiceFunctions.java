package io.sluice.engine.spark;

import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/** SQL functions Sluice adds to every session; documented in docs/sql-functions.md. */
final class SluiceFunctions {
  private SluiceFunctions() {}

  static void register(SparkSession spark) {
    spark
        .udf()
        .register(
            "html_unescape", (UDF1<String, String>) HtmlEntities::decode, DataTypes.StringType);
  }
}
