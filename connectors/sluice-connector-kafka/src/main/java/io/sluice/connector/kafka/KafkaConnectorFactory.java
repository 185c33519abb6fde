package io.sluice.connector.kafka;

import io.sluice.connector.kafka.config.KafkaOptions;
import io.sluice.connector.kafka.sink.KafkaSink;
import io.sluice.connector.kafka.source.KafkaSource;
import io.sluice.connector.kafka.source.KafkaStreamingSource;
import io.sluice.spi.Delivery;
import io.sluice.spi.DeliveryGuarantee;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.OptionProblem;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SinkConnector;
import io.sluice.spi.StreamingSourceConnector;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SparkBatchSink;
import io.sluice.spi.spark.SparkBatchSource;
import io.sluice.spi.spark.SparkStreamingSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code kafka} connector: JSON values read by offset range with an explicit schema, and
 * written with keys.
 */
public final class KafkaConnectorFactory implements StreamingSourceConnector, SinkConnector {
  @Override
  public String id() {
    return "kafka";
  }

  @Override
  public String description() {
    return "Kafka topics: JSON values parsed with declared columns (bad ones quarantined with topic, partition and"
        + " offset); writes with keys, acks=all and an idempotent producer";
  }

  @Override
  public Set<String> needs(ResolvedOptions options) {
    return Set.of(io.sluice.spi.spark.SourceContext.KAFKA_BOOTSTRAP_SERVERS);
  }

  @Override
  public List<Option<?>> sourceOptions() {
    return KafkaOptions.SOURCE;
  }

  @Override
  public List<Option<?>> sinkOptions() {
    return KafkaOptions.SINK;
  }

  @Override
  public List<OptionProblem> validateSource(ResolvedOptions options) {
    List<OptionProblem> problems = new ArrayList<>();
    if (options.find(KafkaOptions.COLUMNS).map(c -> c.isEmpty()).orElse(true)) {
      problems.add(
          new OptionProblem(
              "topic",
              ErrorCode.MISSING_REQUIRED,
              "a kafka source needs 'columns': the JSON value's fields and their types",
              "add 'columns: { id: bigint, name: string }'; values are never parsed by guessing"));
    }
    return problems;
  }

  @Override
  public Delivery sinkDelivery(ResolvedOptions options, WriteMode mode) {
    return new Delivery(
        DeliveryGuarantee.AT_LEAST_ONCE,
        "idempotent producer and acks=all within a run; a re-run writes the rows again, keyed so"
            + " consumers can dedupe");
  }

  @Override
  public SparkBatchSource createBatchSource(ResolvedOptions options) {
    return new KafkaSource(options, options.get(KafkaOptions.TOPIC));
  }

  @Override
  public SparkStreamingSource createStreamingSource(ResolvedOptions options) {
    return new KafkaStreamingSource(options, options.get(KafkaOptions.TOPIC));
  }

  @Override
  public SparkBatchSink createBatchSink(ResolvedOptions options) {
    return new KafkaSink(options);
  }
}
