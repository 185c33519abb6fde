package io.sluice.connector.kafka.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import io.sluice.connector.kafka.config.KafkaClient;
import io.sluice.connector.kafka.config.KafkaOptions;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.spark.JsonColumns;
import io.sluice.spi.spark.RowCounts;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SourceResult;
import io.sluice.spi.spark.SparkBatchSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Reads a topic's offset range and parses each value as JSON with the declared columns. Output: the
 * columns, then {@code _topic}, {@code _kafka_partition}, {@code _offset}, {@code _timestamp} and
 * {@code _key}. A value that is not JSON or does not fit the types is a bad record.
 */
public final class KafkaSource implements SparkBatchSource {
  private final ResolvedOptions options;
  private final String topic;

  public KafkaSource(ResolvedOptions options, String topic) {
    this.options = options;
    this.topic = topic;
  }

  @Override
  public SourceResult read(SourceContext context) {
    Dataset<Row> raw =
        context
            .spark()
            .read()
            .format("kafka")
            .options(KafkaClient.readerOptions(options, context, topic))
            .option("endingOffsets", options.get(KafkaOptions.ENDING_OFFSETS))
            .load();
    return parse(raw, options, context);
  }

  /**
   * Parses Spark's Kafka rows (value, topic, partition, offset, timestamp, key) of a batch read or
   * of one micro-batch of a stream.
   */
  static SourceResult parse(Dataset<Row> raw, ResolvedOptions options, SourceContext context) {
    Map<String, String> columns = options.get(KafkaOptions.COLUMNS);
    Dataset<Row> parsed =
        raw.select(
            col("value").cast("string").as("_value"),
            JsonColumns.parse(col("value").cast("string"), columns).as("_json"),
            col("topic").as("_topic"),
            col("partition").as("_kafka_partition"),
            col("offset").as("_offset"),
            col("timestamp").as("_timestamp"),
            col("key").cast("string").as("_key"));
    Column bad = col("_value").isNull().or(JsonColumns.bad("_json"));
    Column origin =
        concat_ws("", col("_topic"), lit("/"), col("_kafka_partition"), lit("@"), col("_offset"));
    List<Column> output = new ArrayList<>(List.of(JsonColumns.fields("_json", columns)));
    for (String meta : List.of("_topic", "_kafka_partition", "_offset", "_timestamp", "_key")) {
      output.add(col(meta));
    }
    Column[] outputColumns = output.toArray(Column[]::new);
    String policy = options.get(KafkaOptions.BAD_RECORDS);
    if (policy.equals("fail")) {
      Column failing =
          when(
              bad,
              raise_error(
                  concat_ws(
                      "",
                      lit("Cannot read a record of "),
                      origin,
                      lit(": the value is not JSON with the declared columns. Value: "),
                      col("_value"),
                      lit(". Set bad_records: quarantine to keep such records aside"))));
      return SourceResult.of(parsed.filter(failing.isNull()).select(outputColumns));
    }
    RowCounts.Filter badRecords =
        RowCounts.keepUnless(raw.sparkSession(), bad, "bad records of " + context.sourceName());
    Dataset<Row> good = parsed.filter(badRecords.keep()).select(outputColumns);
    Dataset<Row> rejected =
        parsed
            .filter(bad)
            .select(
                col("_value").as(SourceResult.RAW_COLUMN),
                when(col("_value").isNull(), lit("the record has no value"))
                    .when(
                        org.apache.spark.sql.functions.get_json_object(col("_value"), "$").isNull(),
                        lit("the value is not JSON"))
                    .otherwise(
                        lit(
                            "the value is JSON, but a field does not fit its declared type ("
                                + JsonColumns.declared(columns)
                                + ")"))
                    .cast(DataTypes.StringType)
                    .as(SourceResult.REASON_COLUMN),
                origin.as(SourceResult.ORIGIN_COLUMN));
    SourceResult.RejectedAction action =
        policy.equals("drop")
            ? SourceResult.RejectedAction.DROP
            : SourceResult.RejectedAction.QUARANTINE;
    return new SourceResult(good, Optional.of(rejected), action, badRecords.rejected());
  }
}
