package io.sluice.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes accepted records to their stream's topic through an idempotent producer with {@code
 * acks=all}, at most {@code maxInFlightRecords} at once, and answers once Kafka acknowledged them.
 */
final class KafkaWriter implements AutoCloseable {
  private final Producer<String, String> producer;
  private final IngestServer.Settings settings;
  private final Semaphore inFlight;
  private final IngestMetrics metrics;

  KafkaWriter(
      String bootstrapServers,
      Map<String, String> properties,
      IngestServer.Settings settings,
      IngestMetrics metrics) {
    Map<String, Object> config = new HashMap<>(properties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    // Kafka requires delivery.timeout >= linger + request.timeout.
    long ackMillis = Math.max(2_000, settings.ackTimeout().toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(ackMillis));
    config.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(10_000, ackMillis / 2)));
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    this.settings = settings;
    this.inFlight = new Semaphore(settings.maxInFlightRecords());
    this.metrics = metrics;
  }

  /** Records handed to Kafka and not yet acknowledged. */
  int inFlight() {
    return settings.maxInFlightRecords() - inFlight.availablePermits();
  }

  /**
   * Hands the records to the producer and answers once Kafka acknowledged all of them (200) or
   * refused one (503). The permits for in-flight records are given back when every send has ended,
   * so a slow broker cannot make the endpoint take more than its limit.
   */
  CompletableFuture<Answer> write(
      IngestStream stream, List<JsonNode> records, String idempotencyKey) {
    int count = records.size();
    if (count > settings.maxInFlightRecords() || !inFlight.tryAcquire(count)) {
      return CompletableFuture.completedFuture(
          new Answer(
              429,
              Answer.error(
                      429,
                      "too_many_records_in_flight",
                      "The endpoint is writing "
                          + settings.maxInFlightRecords()
                          + " records already; retry after a second")
                  .body(),
              Map.of("Retry-After", "1")));
    }
    CompletableFuture<Answer> result = new CompletableFuture<>();
    AtomicInteger acked = new AtomicInteger();
    AtomicInteger pending = new AtomicInteger(count);
    for (int i = 0; i < count; i++) {
      JsonNode record = records.get(i);
      try {
        // The callback below answers; the returned future is not needed.
        var unused =
            producer.send(
                new ProducerRecord<>(
                    stream.topic(), key(stream, record, idempotencyKey, i), record.toString()),
                (metadata, failure) -> {
                  if (failure != null) {
                    result.complete(Answer.unacknowledged(acked.get(), count, failure));
                  } else if (acked.incrementAndGet() == count) {
                    metrics.accepted(stream.name(), count);
                    result.complete(Answer.accepted(stream, count));
                  }
                  if (pending.decrementAndGet() == 0) {
                    inFlight.release(count);
                  }
                });
      } catch (org.apache.kafka.common.KafkaException e) { // buffer full, metadata timeout
        result.complete(
            new Answer(
                503,
                Answer.error(
                        503,
                        "kafka_unavailable",
                        "Cannot hand the records to Kafka: " + e.getMessage())
                    .body(),
                Map.of("Retry-After", "2")));
        if (pending.addAndGet(-(count - i)) == 0) {
          inFlight.release(count);
        }
        break;
      }
    }
    // Kafka's delivery timeout ends every send; this only guards against a lost callback.
    return result
        .orTimeout(settings.ackTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)
        .exceptionally(failure -> Answer.unacknowledged(acked.get(), count, failure));
  }

  /**
   * The Kafka key: the record's id field when the stream has one, else the Idempotency-Key and the
   * record's index (so a retried request's records have the same keys), else none.
   */
  private static String key(
      IngestStream stream, JsonNode record, String idempotencyKey, int index) {
    if (stream.recordIdField().isPresent()) {
      JsonNode id = record.get(stream.recordIdField().get());
      if (id != null && !id.isNull()) {
        return id.isTextual() ? id.asText() : id.toString();
      }
    }
    return idempotencyKey == null ? null : idempotencyKey + "#" + index;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
