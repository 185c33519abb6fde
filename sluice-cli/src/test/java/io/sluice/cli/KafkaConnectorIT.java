package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.services.EmbeddedKafka;
import io.sluice.testing.TestingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kafka connector against a real broker: JSON with declared columns, quarantine, keyed writes.
 */
class KafkaConnectorIT {
  @TempDir Path dir;

  @Test
  void readsParsesQuarantinesAndWritesBack() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  kafka.bootstrapServers(),
                  ProducerConfig.ACKS_CONFIG,
                  "all"),
              new StringSerializer(),
              new StringSerializer())) {
        for (int i = 0; i < 100; i++) {
          producer
              .send(new ProducerRecord<>("events", "{\"id\": " + i + ", \"name\": \"n" + i + "\"}"))
              .get();
        }
        producer.send(new ProducerRecord<>("events", "not json at all")).get();
        producer.send(new ProducerRecord<>("events", "{\"id\": \"seven\", \"name\": \"x\"}")).get();
        producer.flush();
      }
      Path pipeline = dir.resolve("kafka.yaml");
      Files.writeString(
          pipeline,
          """
          pipeline: kafka-roundtrip
          kafka: BOOTSTRAP
          sources:
            events: { type: kafka, topic: events, columns: { id: bigint, name: string } }
          datasets:
            bronze.events: { from: events }
            silver.events: { sql: "SELECT id, upper(name) AS name FROM bronze.events" }
          sinks:
            out: { type: kafka, from: silver.events, topic: events_out, key_columns: [id], mode: append }
          """
              .replace("BOOTSTRAP", kafka.bootstrapServers()));
      Path summary = dir.resolve("summary.json");
      TestingConsole.Captured<Integer> run =
          TestingConsole.capture(
              () ->
                  Main.execute(
                      "run",
                      pipeline.toString(),
                      "--lake",
                      dir.resolve("lake").toString(),
                      "--run-store",
                      "jdbc:h2:file:" + dir.resolve("runs"),
                      "--summary-json",
                      summary.toString()));
      assertThat(run.result()).as(run.out() + run.err()).isZero();
      JsonNode bronze = new ObjectMapper().readTree(summary.toFile()).get("steps").get(0);
      assertThat(bronze.get("rows_in").asLong()).isEqualTo(102);
      assertThat(bronze.get("rows_out").asLong()).isEqualTo(100);
      assertThat(bronze.get("quarantined").asLong()).isEqualTo(2);

      String quarantine =
          LakeQuery.csv(
              pipeline,
              dir.resolve("lake"),
              "SELECT _origin, _record FROM bronze.events__quarantine ORDER BY _origin");
      assertThat(quarantine)
          .isEqualTo(
              "_origin,_record\nevents/0@100,not json at all\n"
                  + "events/0@101,\"{\"\"id\"\": \"\"seven\"\", \"\"name\"\": \"\"x\"\"}\"\n");

      Map<String, String> written = new TreeMap<>();
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(
              Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
              new StringDeserializer(),
              new StringDeserializer())) {
        TopicPartition partition = new TopicPartition("events_out", 0);
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        while (consumer.position(partition) < end) {
          for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
            written.put(record.key(), record.value());
          }
        }
      }
      assertThat(written).hasSize(100).containsEntry("42", "{\"id\":42,\"name\":\"N42\"}");
    }
  }
}
