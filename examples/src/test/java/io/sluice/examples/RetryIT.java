package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cli.Main;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingWebhook;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries: a sink whose database refuses connections is retried as configured, then the run fails
 * with the reason and one Slack message; a data error (raise_error) is not retried.
 */
class RetryIT {
  @TempDir Path work;

  @Test
  void transientFailuresAreRetriedUntilExhaustedAndDataErrorsAreNot() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort(); // free again once closed: nothing listens there
    }
    try (TestingWebhook slack = TestingWebhook.start().receive("/hook")) {
      List<String> posts = slack.bodies("/hook");
      Path pipeline = work.resolve("retrying.yaml");
      Files.writeString(
          pipeline,
          String.join(
              "\n",
              "pipeline: retrying",
              "parameters: { slack: null, pg: null }",
              "alerts: { slack_webhook: '${slack}' }",
              "retries: { count: 2, delay: 1s, backoff: 1.5 }",
              "datasets:",
              "  gold.one: { sql: SELECT 1 AS x }",
              "  gold.bad: { sql: \"SELECT CAST(raise_error('bad data in row 7') AS INT) AS x\" }",
              "sinks:",
              "  to_pg: { type: jdbc, from: gold.one, url: '${pg}', table: one }",
              ""));
      TestingConsole.Captured<Integer> run =
          LocalRun.of(
              work,
              pipeline,
              "--param",
              "slack=" + slack.url("/hook"),
              "--param",
              "pg=jdbc:postgresql://127.0.0.1:" + closedPort + "/warehouse?connectTimeout=2");
      String out = run.out() + run.err();
      assertThat(run.result()).as(out).isEqualTo(Main.RUN_FAILED);
      assertThat(out)
          .contains("to_pg")
          .contains("retry 1 of 2 in 1.0s")
          .contains("retry 2 of 2 in 1.5s")
          .containsPattern("to_pg\\s+0 in\\s+0 out.*FAILED");
      // the data error was not retried
      assertThat(out.lines().filter(l -> l.contains("gold.bad") && l.contains("retry")).count())
          .isZero();
      assertThat(out).contains("bad data in row 7");
      assertThat(posts).hasSize(1);
      String text = new ObjectMapper().readTree(posts.get(0)).get("text").asText();
      assertThat(text)
          .contains("of pipeline retrying (logical date")
          .contains("failed at step gold.bad");
      assertThat(text).contains("to_pg failed");
    }
  }
}
