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
