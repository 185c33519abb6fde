package io.sluice.connector.kafka.sink;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.sluice.connector.kafka.config.KafkaClient;
import io.sluice.connector.kafka.config.KafkaOptions;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SluiceException;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import io.sluice.spi.spark.SparkBatchSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.api.java.function.ReduceFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Writes each row as a JSON value, keyed by {@code key_columns}, with acks=all and an idempotent
 * producer. At least once: a retried run writes the rows again (consumers dedupe by key).
 */
public final class KafkaSink implements SparkBatchSink {
  private final ResolvedOptions options;

  public KafkaSink(ResolvedOptions options) {
    this.options = options;
  }

  @Override
  public SinkResult write(Dataset<Row> data, SinkContext context) {
    if (context.mode() != WriteMode.APPEND) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot write sink '"
              + context.sinkName()
              + "' with mode "
              + context.mode().name().toLowerCase(java.util.Locale.ROOT)
              + ": a Kafka topic is a log; use mode: append");
    }
    List<String> keys = options.find(KafkaOptions.KEY_COLUMNS).orElse(List.of());
    Column value =
        to_json(
            struct(
                java.util.Arrays.stream(data.columns())
                    .map(c -> col("`" + c + "`"))
                    .toArray(Column[]::new)));
    Column key =
        keys.isEmpty()
            ? lit(null).cast("string")
            : concat_ws(
                "|",
                keys.stream().map(k -> col("`" + k + "`").cast("string")).toArray(Column[]::new));
    Map<String, String> client =
        KafkaClient.sparkOptions(
            options,
            context.service(io.sluice.spi.spark.SourceContext.KAFKA_BOOTSTRAP_SERVERS),
            "sink '" + context.sinkName() + "'");
    Map<String, Object> producerConfig = new HashMap<>();
    client.forEach((k, v) -> producerConfig.put(k.substring("kafka.".length()), v));
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    String topic = options.get(KafkaOptions.TOPIC);
    // One idempotent producer per task; the action returns how many records Kafka acknowledged.
    Long acknowledged =
        data.select(key.as("key"), value.as("value"))
            .mapPartitions(new ProduceTask(producerConfig, topic), Encoders.LONG())
            .reduce((ReduceFunction<Long>) Long::sum);
    return new SinkResult(describeTarget(), acknowledged == null ? 0 : acknowledged);
  }

  /** Sends one partition's rows and returns their count once every send is acknowledged. */
  static final class ProduceTask implements MapPartitionsFunction<Row, Long> {
    private static final long serialVersionUID = 1L;
    private final HashMap<String, Object> config;
    private final String topic;

    ProduceTask(Map<String, Object> config, String topic) {
      this.config = new HashMap<>(config);
      this.topic = topic;
    }

    @Override
    public Iterator<Long> call(Iterator<Row> rows) throws Exception {
      long sent = 0;
      List<Future<RecordMetadata>> pending = new ArrayList<>();
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
        while (rows.hasNext()) {
          Row row = rows.next();
          pending.add(
              producer.send(new ProducerRecord<>(topic, row.getString(0), row.getString(1))));
          sent++;
          if (pending.size() >= 10_000) {
            awaitAll(pending);
          }
        }
        producer.flush();
        awaitAll(pending);
      }
      return List.of(sent).iterator();
    }

    private static void awaitAll(List<Future<RecordMetadata>> pending) throws Exception {
      for (Future<RecordMetadata> future : pending) {
        future.get();
      }
      pending.clear();
    }
  }

  @Override
  public String describeTarget() {
    return "kafka topic " + options.get(KafkaOptions.TOPIC);
  }
}
