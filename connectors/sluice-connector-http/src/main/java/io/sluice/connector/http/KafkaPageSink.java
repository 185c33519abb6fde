package io.sluice.connector.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One message per page, keyed by the page number and tagged with the crawl's id (header {@code
 * sluice-crawl}), written by one idempotent producer with {@code acks=all} for the whole crawl.
 */
final class KafkaPageSink implements PageSink {
  static final String CRAWL_HEADER = "sluice-crawl";

  private final String topic;
  private final String crawlId;
  private final Map<String, Object> clientConfig;
  private final KafkaProducer<byte[], byte[]> producer;

  KafkaPageSink(
      String bootstrapServers, Map<String, String> properties, String topic, String crawlId) {
    this.topic = topic;
    this.crawlId = crawlId;
    this.clientConfig = new HashMap<>(properties);
    clientConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 << 20));
    this.producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  public CompletableFuture<CrawlCheckpoint.Position> write(long page, byte[] message) {
    CompletableFuture<CrawlCheckpoint.Position> done = new CompletableFuture<>();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, Long.toString(page).getBytes(StandardCharsets.UTF_8), message);
    record.headers().add(CRAWL_HEADER, crawlId.getBytes(StandardCharsets.UTF_8));
    var unused =
        producer.send(
            record,
            (metadata, failure) -> {
              if (failure != null) {
                done.completeExceptionally(failure);
              } else {
                done.complete(
                    new CrawlCheckpoint.Position(metadata.partition(), metadata.offset()));
              }
            });
    return done;
  }

  /**
   * Reads the topic after the checkpoint's last positions (from the start of each partition when
   * the checkpoint has none there) and adds this crawl's pages found there.
   */
  @Override
  public void recover(CrawlCheckpoint checkpoint, PageRanges ranges) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 << 20));
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
      if (infos == null || infos.isEmpty()) {
        return;
      }
      List<TopicPartition> partitions = new ArrayList<>();
      infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      if (checkpoint.fresh()) {
        // nothing carries this attempt's id yet: note where the topic ends, for a later recovery
        Map<Integer, Long> starts = new HashMap<>();
        ends.forEach((tp, offset) -> starts.put(tp.partition(), offset));
        checkpoint.started(starts);
        return;
      }
      Map<Integer, Long> after = new HashMap<>(checkpoint.starts());
      checkpoint
          .nextOffsets()
          .forEach((partition, next) -> after.merge(partition, next, Math::max));
      Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions);
      consumer.assign(partitions);
      Map<TopicPartition, Long> remaining = new HashMap<>();
      for (TopicPartition tp : partitions) {
        long from = Math.max(begins.get(tp), after.getOrDefault(tp.partition(), begins.get(tp)));
        if (from < ends.get(tp)) {
          consumer.seek(tp, from);
          remaining.put(tp, ends.get(tp));
        } else {
          consumer.pause(List.of(tp));
        }
      }
      while (!remaining.isEmpty()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          Header header = r.headers().lastHeader(CRAWL_HEADER);
          if (header != null
              && crawlId.equals(new String(header.value(), StandardCharsets.UTF_8))
              && r.key() != null) {
            long page = Long.parseLong(new String(r.key(), StandardCharsets.UTF_8));
            checkpoint.done(page, new CrawlCheckpoint.Position(r.partition(), r.offset()));
          }
          if (r.offset() + 1 >= remaining.getOrDefault(tp, Long.MAX_VALUE)) {
            remaining.remove(tp);
            consumer.pause(List.of(tp));
          }
        }
      }
      checkpoint.flush();
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
