package io.sluice.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * The UFO pipeline written by hand as its own Spark application: what a team would run with {@code
 * spark-submit} instead of Sluice. Plain Spark and Iceberg (no Sluice class is used): the CSV into
 * bronze with the same metadata columns, each silver and gold query with its checks as a WHERE
 * clause, the same export. The queries come from a job file that {@link ColdBench} writes from the
 * pipeline, so both sides run the same SQL.
 *
 * <p>Usage: {@code UfoHandJob JOB_JSON CSV LAKE_FOLDER OUT_FOLDER}. Prints {@code session S} when
 * its Spark session is up and {@code done S} at the end (seconds since its main began).
 */
public final class UfoHandJob {
  private UfoHandJob() {}

  public static void main(String[] args) throws Exception {
    long started = System.nanoTime();
    JsonNode job = new ObjectMapper().readTree(Path.of(args[0]).toFile());
    String csv = args[1];
    String lake = Path.of(args[2]).toAbsolutePath().toUri().toString();
    String out = args[3];
    SparkSession spark =
        SparkSession.builder()
            .appName("ufo-hand-written")
            .master("local[*]")
            .config("spark.ui.enabled", "false")
            .config(
                "spark.sql.extensions",
                "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
            .config("spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog")
            .config("spark.sql.catalog.lake.type", "hadoop")
            .config("spark.sql.catalog.lake.warehouse", lake)
            .config("spark.sql.defaultCatalog", "lake")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "8")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    // the one function the pipeline's SQL uses that Spark lacks, as a hand-written job adds it
    spark
        .udf()
        .register(
            "html_unescape",
            (UDF1<String, String>) org.apache.commons.text.StringEscapeUtils::unescapeHtml4,
            DataTypes.StringType);
    System.out.printf(Locale.ROOT, "session %.2f%n", seconds(started));
    Dataset<Row> raw = spark.read().option("header", true).option("escape", "\"").csv(csv);
    List<Column> columns = bronzeColumns(raw, "hand");
    spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.bronze");
    raw.select(columns.toArray(Column[]::new))
        .writeTo("lake.bronze.sightings")
        .using("iceberg")
        .createOrReplace();
    for (JsonNode dataset : job.get("datasets")) {
      String name = dataset.get("name").asText();
      spark.sql("CREATE NAMESPACE IF NOT EXISTS lake." + name.substring(0, name.indexOf('.')));
      Dataset<Row> frame = spark.sql(dataset.get("sql").asText());
      String keep = dataset.get("where").asText();
      if (!keep.isEmpty()) {
        frame = frame.where(keep);
      }
      for (JsonNode helper : dataset.get("drop")) {
        frame = frame.drop(helper.asText());
      }
      frame.writeTo("lake." + name).using("iceberg").createOrReplace();
    }
    spark
        .table("lake." + job.get("export").asText())
        .coalesce(1)
        .write()
        .mode("overwrite")
        .option("header", true)
        .csv(out);
    System.out.printf(Locale.ROOT, "done %.2f%n", seconds(started));
    spark.stop();
  }

  /**
   * Bronze's columns: the CSV's columns under clean names (as the file source's normalize_names
   * makes them), as strings, then the ingestion metadata.
   */
  static List<Column> bronzeColumns(Dataset<Row> raw, String runId) {
    List<Column> columns = new ArrayList<>();
    for (String name : raw.columns()) {
      String clean =
          name.trim()
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^a-z0-9]+", "_")
              .replaceAll("^_+|_+$", "");
      columns.add(col("`" + name + "`").cast("string").as(clean));
    }
    columns.add(current_timestamp().as("_ingested_at"));
    columns.add(lit(runId).as("_run_id"));
    columns.add(input_file_name().as("_source_file"));
    return columns;
  }

  private static double seconds(long started) {
    return (System.nanoTime() - started) / 1e9;
  }
}
