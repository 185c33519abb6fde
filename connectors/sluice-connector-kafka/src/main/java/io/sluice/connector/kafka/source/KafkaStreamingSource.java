package io.sluice.connector.kafka.source;

import io.sluice.connector.kafka.config.KafkaClient;
import io.sluice.connector.kafka.config.KafkaOptions;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SourceResult;
import io.sluice.spi.spark.SparkStreamingSource;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A topic as a Structured Streaming source: offsets are tracked by the query's checkpoint, each
 * micro-batch is parsed like a batch read (same columns, same quarantine of bad values).
 */
public final class KafkaStreamingSource implements SparkStreamingSource {
  private final ResolvedOptions options;
  private final String topic;

  public KafkaStreamingSource(ResolvedOptions options, String topic) {
    this.options = options;
    this.topic = topic;
  }

  @Override
  public Dataset<Row> open(SourceContext context) {
    org.apache.spark.sql.streaming.DataStreamReader reader =
        context
            .spark()
            .readStream()
            .format("kafka")
            .options(KafkaClient.readerOptions(options, context, topic));
    options
        .find(KafkaOptions.MAX_RECORDS_PER_BATCH)
        .ifPresent(max -> reader.option("maxOffsetsPerTrigger", max));
    return reader.load();
  }

  @Override
  public SourceResult parse(Dataset<Row> batch, SourceContext context) {
    return KafkaSource.parse(batch, options, context);
  }
}
