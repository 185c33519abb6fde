package io.sluice.connector.kafka;

import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SensorConnector;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SparkSensor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code kafka-topic} sensor: waits until a topic holds at least {@code min_messages} messages
 * (end offsets minus beginning offsets over its partitions), on the run's Kafka or the one given.
 */
public final class KafkaTopicSensorFactory implements SensorConnector {
  public static final Option<String> TOPIC =
      Option.key("topic").stringType().required().description("The topic to wait for.");
  public static final Option<Long> MIN_MESSAGES =
      Option.key("min_messages")
          .longType()
          .defaultValue(1L)
          .description("How many messages it must hold.");
  public static final Option<String> BOOTSTRAP_SERVERS =
      Option.key("bootstrap_servers")
          .stringType()
          .noDefaultValue()
          .description("host:port,...; default: the pipeline's Kafka (embedded or 'kafka:').");

  @Override
  public String id() {
    return "kafka-topic";
  }

  @Override
  public String description() {
    return "Sensor: waits until a Kafka topic holds messages";
  }

  @Override
  public Set<String> needs(ResolvedOptions options) {
    return options.find(BOOTSTRAP_SERVERS).isPresent()
        ? Set.of()
        : Set.of(io.sluice.spi.spark.SourceContext.KAFKA_BOOTSTRAP_SERVERS);
  }

  @Override
  public List<Option<?>> sensorOptions() {
    return List.of(TOPIC, MIN_MESSAGES, BOOTSTRAP_SERVERS);
  }

  @Override
  public SparkSensor createSensor(ResolvedOptions options) {
    String topic = options.get(TOPIC);
    long min = options.get(MIN_MESSAGES);
    return new SparkSensor() {
      @Override
      public String describe() {
        return (min == 1 ? "a message" : min + " messages") + " in Kafka topic " + topic;
      }

      @Override
      public boolean poke(SparkSession spark, Map<String, String> services) {
        String servers =
            options
                .find(BOOTSTRAP_SERVERS)
                .orElse(services.get(SourceContext.KAFKA_BOOTSTRAP_SERVERS));
        if (servers == null) {
          return false;
        }
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(
                properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
          List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10));
          if (partitions == null || partitions.isEmpty()) {
            return false;
          }
          List<TopicPartition> all =
              partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
          Map<TopicPartition, Long> end = consumer.endOffsets(all, Duration.ofSeconds(10));
          Map<TopicPartition, Long> begin = consumer.beginningOffsets(all, Duration.ofSeconds(10));
          long messages = 0;
          for (TopicPartition partition : all) {
            messages += end.getOrDefault(partition, 0L) - begin.getOrDefault(partition, 0L);
          }
          return messages >= min;
        } catch (org.apache.kafka.common.KafkaException e) {
          return false;
        }
      }
    };
  }
}
