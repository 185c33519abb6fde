package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.sluice.cli.Main;
import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingPostgres;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconciliation after a warehouse load: a table a trigger tampers with fails its check, the run
 * fails, the numbers of both sides go to a (local) Slack webhook and the run store records it.
 */
class ReconciliationIT {
  @TempDir Path work;

  @Test
  void aTamperedWarehouseTableFailsTheCheckAndAlertsSlack() throws Exception {
    List<String> posts = new CopyOnWriteArrayList<>();
    HttpServer slack =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    slack.createContext(
        "/hooks/T0/B0/x",
        exchange -> {
          posts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    slack.start();
    try {
      String url = TestingPostgres.newDatabase("warehouse");
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE tampered (id BIGINT, amount NUMERIC(12,2))");
        s.execute(
            "CREATE FUNCTION drop_first() RETURNS trigger AS $$ BEGIN"
                + " DELETE FROM tampered WHERE id = 1; RETURN NULL; END $$ LANGUAGE plpgsql");
        s.execute(
            "CREATE TRIGGER tamper AFTER INSERT ON tampered FOR EACH STATEMENT"
                + " EXECUTE FUNCTION drop_first()");
      }
      Path pipeline = work.resolve("reconcile.yaml");
      Files.writeString(
          pipeline,
          String.join(
              "\n",
              "pipeline: reconcile-demo",
              "parameters: { pg: null, slack: null }",
              "alerts: { slack_webhook: '${slack}' }",
              "datasets:",
              "  gold.amounts:",
              "    sql: SELECT id, CAST(id * 1.5 AS DECIMAL(12,2)) AS amount FROM range(1, 101)",
              "  gold.fewer:",
              "    sql: SELECT * FROM gold.amounts WHERE id > 1",
              "    reconcile: { with: gold.amounts, keys: [id], sums: [amount], on_fail: warn }",
              "sinks:",
              "  clean: { type: jdbc, from: gold.amounts, url: '${pg}', table: clean,",
              "           reconcile: { keys: [id], sums: [amount] } }",
              "  tampered: { type: jdbc, from: gold.amounts, url: '${pg}', table: tampered, mode: append,",
              "              reconcile: { keys: [id], sums: [amount] } }",
              ""));
      Path summary = work.resolve("summary.json");
      TestingConsole.Captured<Integer> run =
          LocalRun.of(
              work,
              pipeline,
              "--param",
              "pg=" + url,
              "--param",
              "slack=http://127.0.0.1:" + slack.getAddress().getPort() + "/hooks/T0/B0/x",
              "--summary-json",
              summary.toString());
      String out = run.out() + run.err();
      assertThat(run.result()).as(out).isEqualTo(Main.RUN_FAILED);
      assertThat(out)
          .contains("reconciled with clean at jdbc:postgresql://127.0.0.1:")
          .contains("rows: dataset 100, target 100");
      JsonNode steps = new ObjectMapper().readTree(summary.toFile()).get("steps");
      JsonNode tampered = null;
      for (JsonNode step : steps) {
        tampered = step.get("name").asText().equals("tampered") ? step : tampered;
      }
      assertThat(tampered).isNotNull();
      assertThat(tampered.get("status").asText()).isEqualTo("failed");
      assertThat(tampered.get("error").asText())
          .contains("rows: dataset 100, target 99 (differs)")
          .contains("distinct id: dataset 100, target 99 (differs)")
          .contains("sum(amount): dataset 7575.00, target 7573.50 (differs)");

      // two datasets compared: a warning, the numbers of both sides, an alert
      assertThat(out)
          .contains("warning: Reconciliation of dataset 'gold.fewer' failed")
          .contains("gold.fewer <-> gold.amounts")
          .contains("rows: dataset 99, target 100 (differs)")
          .contains("sum(amount): dataset 7573.50, target 7575.00 (differs)");
      assertThat(posts).hasSize(2);
      assertThat(posts.get(0)).contains("gold.fewer");
      String text = new ObjectMapper().readTree(posts.get(1)).get("text").asText();
      String runId = new ObjectMapper().readTree(summary.toFile()).get("run_id").asText();
      assertThat(text)
          .contains("pipeline reconcile-demo")
          .contains("run " + runId)
          .contains("rows: dataset 100, target 99");
      try (JdbcRunStore store = JdbcRunStore.open("jdbc:h2:file:" + work.resolve("runs"))) {
        assertThat(store.checks(runId))
            .extracting(
                c ->
                    new CheckRecord(c.runId(), c.step(), c.checkName(), c.onFail(), c.failedRows()))
            .contains(
                new CheckRecord(runId, "gold.fewer", "reconcile", "warn", 3),
                new CheckRecord(runId, "clean", "reconcile", "fail", 0),
                new CheckRecord(runId, "tampered", "reconcile", "fail", 3));
        assertThat(store.checks(runId))
            .filteredOn(c -> c.step().equals("tampered"))
            .singleElement()
            .satisfies(c -> assertThat(c.detail()).contains("rows: dataset 100, target 99"));
      }
    } finally {
      slack.stop(0);
    }
  }
}
