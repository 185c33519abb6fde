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
    SqlMacros.register(
        spark,
        "haversine_miles",
        java.util.List.of("lon1", "lat1", "lon2", "lat2"),
        "0.6213712 * 12742 * asin(sqrt(0.5 - cos(radians(lat2 - lat1)) / 2"
            + " + cos(radians(lat1)) * cos(radians(lat2)) * (1 - cos(radians(lon2 - lon1))) / 2))",
        "haversine_miles(lon1, lat1, lon2, lat2) - great-circle distance in miles");
  }
}
