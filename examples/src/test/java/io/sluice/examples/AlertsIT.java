package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cli.Main;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingWebhook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generic webhook gets success (opt-in) and SLA alerts as JSON, Slack gets the same text. */
class AlertsIT {
  @TempDir Path work;

  @Test
  void successAndMissedSlaReachTheWebhookAndSlack() throws Exception {
    try (TestingWebhook server = TestingWebhook.start().receive("/hook").receive("/slack")) {
      String base = "http://127.0.0.1:" + server.port();
      List<String> hook = server.bodies("/hook");
      List<String> slack = server.bodies("/slack");
      Path pipeline = work.resolve("alerting.yaml");
      Files.writeString(
          pipeline,
          String.join(
              "\n",
              "pipeline: alerting",
              "alerts: { slack_webhook: '"
                  + base
                  + "/slack', webhook: '"
                  + base
                  + "/hook', on_success: true, sla: 1ms }",
              "datasets:",
              "  gold.one: { sql: SELECT 1 AS x }",
              ""));
      TestingConsole.Captured<Integer> run = LocalRun.of(work, pipeline, "--date", "2024-07-01");
      assertThat(run.result()).as(run.out() + run.err()).isEqualTo(Main.OK);
      List<JsonNode> events = new ArrayList<>();
      for (String body : hook) {
        events.add(new ObjectMapper().readTree(body));
      }
      assertThat(events).extracting(e -> e.get("kind").asText()).containsExactly("success", "sla");
      assertThat(events)
          .allMatch(e -> e.get("pipeline").asText().equals("alerting"))
          .allMatch(e -> e.get("logical_date").asText().equals("2024-07-01"))
          .allMatch(e -> e.get("run_id").asText().matches("\\d{8}T\\d{6}-[0-9a-f]{4}"));
      assertThat(events.get(0).get("text").asText())
          .contains("succeeded in")
          .contains("gold.one succeeded (1 rows)");
      assertThat(events.get(1).get("text").asText()).contains("missed its SLA of 0.001s");
      assertThat(slack).hasSize(2);
    }
  }
}
