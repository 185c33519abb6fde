package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cli.Main;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingKafka;
import io.sluice.testing.TestingWebhook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sensors before a run: a path sensor that times out fails the run with the reason, skips every
 * step and posts to Slack; one whose file appears while it waits lets the run go on; an HTTP sensor
 * waits for a 200.
 */
class SensorIT {
  @TempDir Path work;

  private Path pipeline(String sensors) throws Exception {
    Path file = work.resolve("sensed.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "pipeline: sensed",
            "parameters: { slack: null, inbox: null, port: null }",
            "alerts: { slack_webhook: '${slack}' }",
            "sensors:",
            sensors,
            "datasets:",
            "  gold.one: { sql: SELECT 1 AS x }",
            ""));
    return file;
  }

  private TestingConsole.Captured<Integer> run(Path file, String slack, int port) throws Exception {
    return LocalRun.of(work, file, runArgs(slack, port));
  }

  private String[] runArgs(String slack, int port) {
    return new String[] {
      "--date",
      "2024-07-01",
      "--param",
      "slack=" + slack,
      "--param",
      "inbox=" + work.resolve("inbox"),
      "--param",
      "port=" + port
    };
  }

  @Test
  void aTimedOutSensorFailsTheRunAndAlertsAndAFileThatArrivesLetsItRun() throws Exception {
    java.util.concurrent.atomic.AtomicInteger readyChecks =
        new java.util.concurrent.atomic.AtomicInteger();
    TestingWebhook server =
        TestingWebhook.start()
            .receive("/hook")
            .answer("/ready", () -> readyChecks.incrementAndGet() < 3 ? 404 : 200);
    List<String> posts = server.bodies("/hook");
    int port = server.port();
    String slack = server.url("/hook");
    try {
      Path file =
          pipeline(
              String.join(
                  "\n",
                  "  export_done:",
                  "    type: path",
                  "    path: '${inbox}/${ds_nodash}/*.done'",
                  "    poke_interval: 1s",
                  "    timeout: 3s"));
      TestingConsole.Captured<Integer> timedOut = run(file, slack, port);
      String out = timedOut.out() + timedOut.err();
      assertThat(timedOut.result()).as(out).isEqualTo(Main.RUN_FAILED);
      assertThat(out)
          .contains("Sensor 'export_done' timed out after")
          .contains("waiting for a file matching " + work.resolve("inbox") + "/20240701/*.done")
          .containsPattern("gold.one\\s+skipped");
      assertThat(posts).hasSize(1);
      assertThat(new ObjectMapper().readTree(posts.get(0)).get("text").asText())
          .contains("Sensor 'export_done' timed out")
          .contains("pipeline sensed")
          .contains("logical date 2024-07-01");

      // the file arrives once the sensor has looked and not found it: the run goes on
      Files.writeString(file, Files.readString(file).replace("timeout: 3s", "timeout: 60s"));
      TestingConsole.Captured<Integer> ready =
          LocalRun.ofWhen(
              work,
              file,
              "waiting for a file matching",
              () -> {
                Path day = Files.createDirectories(work.resolve("inbox").resolve("20240701"));
                Files.writeString(day.resolve("export.done"), "ok");
              },
              runArgs(slack, port));
      assertThat(ready.result()).as(ready.out() + ready.err()).isEqualTo(Main.OK);
      assertThat(ready.out()).containsPattern("ready after [2-9]\\d* check");
      assertThat(posts).hasSize(1);

      // an HTTP sensor: 404, 404, then 200
      Path http =
          pipeline(
              String.join(
                  "\n",
                  "  api_ready:",
                  "    type: http",
                  "    url: 'http://127.0.0.1:${port}/ready'",
                  "    poke_interval: 1s",
                  "    timeout: 20s"));
      TestingConsole.Captured<Integer> viaHttp = run(http, slack, port);
      assertThat(viaHttp.result()).as(viaHttp.out() + viaHttp.err()).isEqualTo(Main.OK);
      assertThat(viaHttp.out())
          .contains("HTTP 200 from http://127.0.0.1:" + port + "/ready: ready after 3 check(s)");
    } finally {
      server.close();
    }
  }

  @Test
  void aKafkaTopicSensorWaitsForMessagesAndADatasetSensorForAPartition() throws Exception {
    {
      String servers = TestingKafka.bootstrapServers();
      Path file = work.resolve("topic.yaml");
      Files.writeString(
          file,
          String.join(
              "\n",
              "pipeline: topical",
              "parameters: { servers: null }",
              "sensors:",
              "  arrivals:",
              "    type: kafka-topic",
              "    topic: arrivals",
              "    min_messages: 3",
              "    bootstrap_servers: '${servers}'",
              "    poke_interval: 1s",
              "    timeout: 60s",
              "datasets:",
              "  gold.days: { mode: append, sql: \"SELECT '${ds}' AS ds\" }",
              ""));
      TestingConsole.Captured<Integer> run =
          LocalRun.ofWhen(
              work,
              file,
              "waiting for 3 messages",
              () -> {
                try (KafkaProducer<String, String> out =
                    new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
                        new StringSerializer(),
                        new StringSerializer())) {
                  for (int i = 0; i < 3; i++) {
                    out.send(new ProducerRecord<>("arrivals", "m" + i)).get();
                  }
                }
              },
              "--date",
              "2024-07-01",
              "--param",
              "servers=" + servers);
      assertThat(run.result()).as(run.out() + run.err()).isEqualTo(Main.OK);
      assertThat(run.out())
          .containsPattern("3 messages in Kafka topic arrivals: ready after [2-9]\\d* check");
    }

    // a second pipeline waits for the first one's partition of the day in the same lake
    Path downstream = work.resolve("downstream.yaml");
    Files.writeString(
        downstream,
        String.join(
            "\n",
            "pipeline: downstream",
            "sensors:",
            "  upstream_day:",
            "    type: dataset",
            "    table: gold.days",
            "    where: \"ds = '${ds}'\"",
            "    poke_interval: 1s",
            "    timeout: 3s",
            "datasets:",
            "  gold.copy: { sql: \"SELECT * FROM range(1)\" }",
            ""));
    TestingConsole.Captured<Integer> ready = LocalRun.of(work, downstream, "--date", "2024-07-01");
    assertThat(ready.result()).as(ready.out() + ready.err()).isEqualTo(Main.OK);
    assertThat(ready.out()).contains("where ds = '2024-07-01': ready after 1 check(s)");
    TestingConsole.Captured<Integer> missing =
        LocalRun.of(work, downstream, "--date", "2024-07-02");
    assertThat(missing.result()).isEqualTo(Main.RUN_FAILED);
    assertThat(missing.out() + missing.err())
        .contains("Sensor 'upstream_day' timed out")
        .contains("lake table gold.days where ds = '2024-07-02'");
  }
}
