package io.sluice.examples.reviews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.RunningService;
import io.sluice.spi.SluiceException;
import io.sluice.testing.TestingKafka;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** The review producer against a real broker: every review arrives once, keyed by its id. */
class ReviewProducerIT {
  private static RunningService start(Map<String, Object> values) {
    return new ReviewProducerService()
        .startService(
            "reviews_producer",
            new ResolvedOptions(values),
            Map.of("kafka", TestingKafka.bootstrapServers()));
  }

  @Test
  void generatedReviewsArriveOnceEachKeyedByTheirId() throws Exception {
    String topic = "reviews-" + System.nanoTime();
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("topic", topic);
    values.put("count", 1_500L);
    values.put("rate", 0.0);
    values.put("background", false);
    values.put("seed", 42L);
    try (RunningService producer = start(values)) {
      assertThat(producer.address()).startsWith(topic + ": 1,500 reviews sent (0 real)");
    }
    Set<String> keys = new HashSet<>();
    ObjectMapper json = new ObjectMapper();
    for (ConsumerRecord<String, String> record : consume(topic, 1_500)) {
      assertThat(keys.add(record.key())).isTrue();
      assertThat(json.readTree(record.value()).get("review_id").asText()).isEqualTo(record.key());
    }
    assertThat(keys).hasSize(1_500);
  }

  @Test
  void aMissingInputFileIsAClearError() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("topic", "never");
    values.put("count", 1L);
    values.put("rate", 0.0);
    values.put("background", false);
    values.put("seed", 42L);
    values.put("input", "/nowhere/got_imdb_reviews.json");
    assertThatThrownBy(() -> start(values))
        .isInstanceOf(SluiceException.class)
        .hasMessage(
            "Service 'reviews_producer': cannot read its input /nowhere/got_imdb_reviews.json: no"
                + " such file");
  }

  private static List<ConsumerRecord<String, String>> consume(String topic, int expected) {
    java.util.List<ConsumerRecord<String, String>> all = new java.util.ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestingKafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "check-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (all.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(all::add);
      }
      // anything more would be a duplicate: one more poll finds none
      consumer.poll(Duration.ofMillis(500)).forEach(all::add);
    }
    return all;
  }
}
