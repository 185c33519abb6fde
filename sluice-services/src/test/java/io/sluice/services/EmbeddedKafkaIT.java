package io.sluice.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

class EmbeddedKafkaIT {
  @TempDir Path dir;

  private static void produce(String bootstrap, int count) throws Exception {
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                "true"),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>("events", "k" + i, "{\"n\":" + i + "}")).get();
      }
    }
  }

  private static List<String> readAll(String bootstrap) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringDeserializer(),
            new StringDeserializer())) {
      TopicPartition partition = new TopicPartition("events", 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      while (consumer.position(partition) < end) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
          values.add(record.value());
        }
      }
    }
    return values;
  }

  @Test
  void isARealBrokerWhoseDataSurvivesARestart() throws Exception {
    String firstAddress;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      firstAddress = kafka.bootstrapServers();
      assertThat(firstAddress).startsWith("127.0.0.1:");
      produce(firstAddress, 500);
      assertThat(readAll(firstAddress)).hasSize(500).first().isEqualTo("{\"n\":0}");
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      assertThat(kafka.bootstrapServers()).isEqualTo(firstAddress);
      produce(kafka.bootstrapServers(), 100);
      List<String> values = readAll(kafka.bootstrapServers());
      assertThat(values).hasSize(600).contains("{\"n\":499}", "{\"n\":99}");
    }
  }

  /**
   * Another process's broker of the same folder is used; a saved port that something else took
   * since (here a bare socket) is not mistaken for it.
   */
  @Test
  void aBrokerOfTheFolderIsFoundAndAStrangerOnItsPortIsNot() throws Exception {
    String address;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      address = kafka.bootstrapServers();
      assertThat(EmbeddedKafka.runningElsewhere(dir)).contains(address);
    }
    int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
    try (java.net.ServerSocket stranger =
        new java.net.ServerSocket(port, 50, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(stranger.getLocalPort()).isEqualTo(port);
      assertThat(EmbeddedKafka.runningElsewhere(dir)).isEmpty();
    }
  }
}
