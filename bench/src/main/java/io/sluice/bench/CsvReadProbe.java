package io.sluice.bench;

import io.sluice.engine.spark.SparkSessions;
import io.sluice.spec.EngineSettings;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.SparkSession;

/**
 * How much the corrupt-record column costs a CSV read: bench/run.sh-built class path, main PATH.
 */
public final class CsvReadProbe {
  private CsvReadProbe() {}

  public static void main(String[] args) {
    String path = args[0];
    SparkSession spark =
        SparkSessions.create(
            "probe", new EngineSettings("bench/target/work/probe-lake", "local[*]", Map.of(), "x"));
    String schema =
        "datetime string, city string, state string, country string, shape string,"
            + " `duration (seconds)` string, `duration (hours/min)` string, comments string, `date posted` string,"
            + " latitude string, `longitude ` string";
    for (int round = 0; round < 3; round++) {
      time(
          "header only",
          () -> reader(spark).csv(path).write().format("noop").mode("overwrite").save());
      time(
          "schema",
          () ->
              reader(spark)
                  .schema(schema)
                  .option("enforceSchema", "true")
                  .csv(path)
                  .write()
                  .format("noop")
                  .mode("overwrite")
                  .save());
      time(
          "schema + corrupt",
          () ->
              reader(spark)
                  .schema(schema + ", _corrupt_record string")
                  .option("enforceSchema", "true")
                  .option("mode", "PERMISSIVE")
                  .option("columnNameOfCorruptRecord", "_corrupt_record")
                  .csv(path)
                  .write()
                  .format("noop")
                  .mode("overwrite")
                  .save());
    }
    // The bronze write: the same frame into Iceberg with 0, 1 and 2 observations on it.
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.probe");
    for (int round = 0; round < 3; round++) {
      for (int observations = 0; observations <= 2; observations++) {
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame =
            reader(spark)
                .schema(schema)
                .option("enforceSchema", "true")
                .csv(path)
                .withColumn("_ingested_at", org.apache.spark.sql.functions.current_timestamp())
                .withColumn("_source_file", org.apache.spark.sql.functions.input_file_name());
        for (int i = 0; i < observations; i++) {
          frame =
              frame.observe(
                  new org.apache.spark.sql.Observation(
                      "probe_" + round + "_" + observations + "_" + i),
                  org.apache
                      .spark
                      .sql
                      .functions
                      .count(org.apache.spark.sql.functions.lit(1))
                      .as("n"));
        }
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> written = frame;
        time(
            "iceberg, " + observations + " obs",
            () -> written.writeTo("lake.probe.t").using("iceberg").createOrReplace());
      }
    }
    spark.stop();
  }

  private static DataFrameReader reader(SparkSession spark) {
    return spark.read().option("header", true).option("escape", "\"");
  }

  private static void time(String what, Runnable job) {
    long started = System.nanoTime();
    job.run();
    System.out.printf(Locale.ROOT, "%-18s %.2fs%n", what, (System.nanoTime() - started) / 1e9);
  }
}
