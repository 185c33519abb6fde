package io.sluice.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.ConnectorRegistry;
import io.sluice.core.browse.QueryResult;
import io.sluice.core.browse.TableInfo;
import io.sluice.core.plan.Planner;
import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.LogLine;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import io.sluice.spec.LoadRequest;
import io.sluice.spi.SluiceException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleServerTest {
  private static final String SECRET = "s3cr3t-Pa55word-9f2";

  private static String env(String name) {
    return name.equals("DB_PASSWORD") ? SECRET : null;
  }

  private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

  @TempDir Path work;
  private JdbcRunStore store;
  private MemoryLake lake;
  private ConsoleServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    Files.writeString(
        work.resolve("daily.yaml"),
        String.join(
            "\n",
            "pipeline: daily",
            "description: counts per day",
            "schedule: { cron: '0 3 * * *', timezone: UTC, start_date: '2026-11-01' }",
            "parameters: { password: '${secret:DB_PASSWORD}' }",
            "datasets:",
            "  silver.events: { sql: \"SELECT 1 AS id, 'x' AS name\", expect: [ { name: positive, check: 'id > 0', on_fail: quarantine } ] }",
            "  gold.counts: { sql: \"SELECT count(*) AS n FROM silver.events\" }",
            "dashboards:",
            "  overview:",
            "    title: Overview",
            "    filters: [ { name: min, type: number, default: '0' } ]",
            "    charts:",
            "      - { name: per_name, type: bar, sql: 'SELECT name, n FROM gold.counts WHERE n > :min', x: name, y: [n] }",
            "      - { name: total, type: number, sql: 'SELECT sum(n) AS n FROM gold.counts', y: [n] }",
            ""));
    Files.writeString(
        work.resolve("broken.yaml"),
        String.join(
            "\n",
            "pipeline: broken",
            "datasets:",
            "  gold.x: { sql: 'SELECT 1', mode: sideways }",
            ""));
    Files.createDirectories(work.resolve("target"));
    Files.writeString(work.resolve("target/copy.yaml"), "pipeline: copied\n");
    store = JdbcRunStore.open("jdbc:h2:file:" + work.resolve("runs"));
    lake = new MemoryLake();
    server = start(ConsoleSettings.local(0));
  }

  private ConsoleServer start(ConsoleSettings settings) {
    return ConsoleServer.start(
        settings,
        List.of(work),
        file ->
            Planner.load(
                file,
                new LoadRequest(
                    LoadRequest.DEFAULT_PROFILE,
                    Map.of(),
                    ConsoleServerTest::env,
                    Optional.empty()),
                ConnectorRegistry.load(),
                new io.sluice.core.RegexSqlAnalyzer()),
        store,
        lake,
        ConsoleServerTest::env);
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void run(String id, RunStatus status, Instant started, String error) {
    store.startRun(
        new RunRecord(
            id,
            "daily",
            "default",
            RunStatus.RUNNING,
            started,
            Optional.empty(),
            "{\"password\":\"" + SECRET + "\"}",
            Optional.empty()));
    if (status != RunStatus.RUNNING) {
      store.finishRun(
          new RunRecord(
              id,
              "daily",
              "default",
              status,
              started,
              Optional.of(started.plusSeconds(12)),
              "{\"password\":\"" + SECRET + "\"}",
              Optional.ofNullable(error)));
    }
  }

  @Test
  void thePipelinesPageListsEveryPipelineWithItsLastRunAndProblems() throws Exception {
    run("run-1", RunStatus.SUCCEEDED, T0, null);
    run("run-2", RunStatus.FAILED, T0.plusSeconds(3600), "boom");
    HttpResponse<String> page = get("/pipelines");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("data-pipeline=\"daily\"")
        .contains("data-pipeline=\"broken\"")
        .doesNotContain("copied") // under target/: skipped
        .contains("0 3 * * * (UTC)")
        .contains("href=\"/runs/run-2\"")
        .contains("2026-12-01 01:00:00 UTC");
    String daily = row(page.body(), "daily");
    assertThat(daily).contains("badge failed");
    assertThat(row(page.body(), "broken")).contains("badge invalid").contains("1 problem");
  }

  @Test
  void aPipelinePageDrawsTheGraphAndShowsTheFileWithItsProblemsAtTheirLines() throws Exception {
    String page = get("/pipelines/daily").body();
    assertThat(page)
        .contains("data-node=\"dataset:silver.events\"")
        .contains("data-node=\"dataset:gold.counts\"")
        .contains("data-from=\"dataset:silver.events\" data-to=\"dataset:gold.counts\"")
        .contains(">exactly-once<")
        .contains("SELECT count(*) AS n FROM silver.events")
        .contains("Not in the lake yet");
    String broken = get("/pipelines/broken").body();
    assertThat(broken).contains("class=\"line problem\" id=\"L3\"").contains("sideways");
    assertThat(get("/pipelines/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void runsAreFilteredAndARunShowsItsStepsChecksAndJson() throws Exception {
    run("run-1", RunStatus.SUCCEEDED, T0, null);
    run("run-2", RunStatus.FAILED, T0.plusSeconds(86_400), "gold.counts failed");
    eventsStepQuarantinedSeven();
    store.recordCheck(
        new CheckRecord(
            "run-1",
            "gold.counts",
            "reconcile",
            "fail",
            1,
            "with silver.events: rows: dataset 3, target 2"));
    assertThat(get("/runs?status=failed").body())
        .contains("data-run=\"run-2\"")
        .doesNotContain("data-run=\"run-1\"");
    assertThat(get("/runs?from=2026-12-01&to=2026-12-01").body())
        .contains("data-run=\"run-1\"")
        .doesNotContain("data-run=\"run-2\"");
    assertThat(get("/runs?status=sideways").statusCode()).isEqualTo(400);
    String runPage = get("/runs/run-1").body();
    assertThat(runPage)
        .contains("data-field=\"silver.events|rows_in\">1,000<")
        .contains("data-field=\"silver.events|rows_out\">990<")
        .contains("data-field=\"silver.events|quarantined\">7<")
        .contains("href=\"/quarantine?dataset=silver.events&amp;run=run-1\"")
        .contains("<td>positive</td>")
        .contains("<td>with silver.events: rows: dataset 3, target 2</td>");
    JsonNode json = new ObjectMapper().readTree(get("/api/runs/run-1").body());
    assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("steps").get(0).get("rows_out").asLong()).isEqualTo(990);
    assertThat(get("/api/runs/none").statusCode()).isEqualTo(404);
  }

  /** run-1's silver.events: 1,000 in, 990 out, 7 quarantined by the check 'positive'. */
  private void eventsStepQuarantinedSeven() {
    store.recordStep(
        new StepRecord(
            "run-1",
            "silver.events",
            "dataset",
            RunStatus.SUCCEEDED,
            T0,
            Optional.of(T0.plusSeconds(4)),
            1000,
            990,
            7,
            3,
            0,
            Optional.empty()));
    store.recordCheck(new CheckRecord("run-1", "silver.events", "positive", "quarantine", 7));
  }

  @Test
  void aStepPageShowsItsCountsChecksQuarantineLinkAndLogEscapedAndScrubbed() throws Exception {
    run("run-1", RunStatus.SUCCEEDED, T0, null);
    eventsStepQuarantinedSeven();
    store.appendLog(
        List.of(
            new LogLine("run-1", "silver.events", 1, T0, "INFO", "Started dataset silver.events"),
            new LogLine(
                "run-1",
                "silver.events",
                2,
                T0.plusSeconds(1),
                "WARN",
                "HadoopTableOperations: <script>alert(1)</script> at jdbc://u:"
                    + env("DB_PASSWORD")
                    + "@db"),
            new LogLine("run-1", "gold.counts", 1, T0, "INFO", "another step's line")));

    assertThat(get("/runs/run-1").body()).contains("href=\"/runs/run-1/steps/silver.events\"");
    HttpResponse<String> page = get("/runs/run-1/steps/silver.events");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("<h1>Step silver.events</h1>")
        .contains(
            "<a href=\"/quarantine?dataset=silver.events&amp;run=run-1\" id=\"quarantined-rows\">7</a>")
        .contains("<td>positive</td>")
        .contains("Started dataset silver.events")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)")
        .doesNotContain(env("DB_PASSWORD"))
        .doesNotContain("another step's line");
    assertThat(page.body().indexOf("Started dataset"))
        .isLessThan(page.body().indexOf("HadoopTable"));
    assertThat(get("/runs/run-1/steps/gold.nope").statusCode()).isEqualTo(404);
  }

  @Test
  void theGridShowsLogicalDatesBySteps() throws Exception {
    run("run-1", RunStatus.SUCCEEDED, T0, null);
    store.claimDate("daily", "2026-11-30", "run-1", false, "me");
    store.finishDate("daily", "2026-11-30", "run-1", RunStatus.SUCCEEDED);
    store.recordStep(
        new StepRecord(
            "run-1",
            "silver.events",
            "dataset",
            RunStatus.SUCCEEDED,
            T0,
            Optional.of(T0),
            1,
            1,
            0,
            0,
            0,
            Optional.empty()));
    String grid = get("/pipelines/daily/grid").body();
    assertThat(grid)
        .contains("data-date=\"2026-11-30\" data-step=\"silver.events\"")
        .contains("cell succeeded")
        .contains("data-step=\"gold.counts\"");
  }

  @Test
  void valuesAreEscapedAndSecretsNeverLeaveTheServer() throws Exception {
    run("run-x", RunStatus.FAILED, T0, "bad <script>alert(1)</script> with " + SECRET);
    lake.table(
        new TableInfo(
            "gold.counts",
            List.of(new TableInfo.Column("n", "string", true)),
            List.of(),
            List.of(new TableInfo.Snapshot(1, T0, "append", 1, 1))),
        List.of(List.of("<img src=x onerror=alert(2)>")));
    for (String path :
        List.of(
            "/pipelines",
            "/pipelines/daily",
            "/runs",
            "/runs/run-x",
            "/api/runs/run-x",
            "/datasets",
            "/datasets/gold.counts")) {
      HttpResponse<String> page = get(path);
      assertThat(page.body())
          .as(path)
          .doesNotContain(SECRET)
          .doesNotContain("<script>alert")
          .doesNotContain("<img src=x");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
          .contains("script-src 'self'");
    }
    assertThat(get("/runs/run-x").body())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("****");
    assertThat(get("/datasets/gold.counts").body()).contains("&lt;img src=x onerror=alert(2)&gt;");
    int samples = lake.samples;
    get("/datasets/gold.counts");
    assertThat(lake.samples).as("kept until the table changes").isEqualTo(samples);
    lake.versions.put("gold.counts", 2L);
    get("/datasets/gold.counts");
    assertThat(lake.samples).isEqualTo(samples + 1);
  }

  @Test
  void theSqlBoxShowsResultsCsvAndTheLakesRefusal() throws Exception {
    lake.answers.put(
        "SELECT n FROM gold.counts",
        new QueryResult(List.of("n"), List.of(List.of("42"), List.of("=cmd()")), false, 3));
    assertThat(post("/sql", "q=SELECT+n+FROM+gold.counts").body())
        .contains("<td>42</td>")
        .contains("2 row(s) in 3 ms");
    HttpResponse<String> csv = post("/sql.csv", "q=SELECT+n+FROM+gold.counts");
    assertThat(csv.body()).isEqualTo("n\r\n42\r\n'=cmd()\r\n");
    assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
    HttpResponse<String> refused = post("/sql", "q=DROP+TABLE+gold.counts");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("error[E115]");
    assertThat(post("/sql", "q=" + "x".repeat(SqlPage.MAX_SQL_CHARS + 1)).statusCode())
        .isEqualTo(400);
  }

  @Test
  void metricsShowEachPipelinesLatestRunItsStepsAndRecentOutcomes() throws Exception {
    run("run-1", RunStatus.SUCCEEDED, T0, null);
    run("run-2", RunStatus.FAILED, T0.plusSeconds(3_600), "boom");
    store.recordStep(
        new StepRecord(
            "run-2",
            "gold.counts",
            "dataset",
            RunStatus.FAILED,
            T0.plusSeconds(3_600),
            Optional.of(T0.plusSeconds(3_602)),
            40,
            0,
            0,
            0,
            0,
            Optional.of("boom")));
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(metrics.body())
        .contains("# TYPE sluice_last_run_status gauge\n")
        .contains("sluice_last_run_status{pipeline=\"daily\",status=\"failed\"} 1\n")
        .contains("sluice_last_run_status{pipeline=\"daily\",status=\"succeeded\"} 0\n")
        .contains("sluice_last_run_duration_seconds{pipeline=\"daily\"} 12\n")
        .contains(
            "sluice_last_success_seconds{pipeline=\"daily\"} "
                + T0.plusSeconds(12).getEpochSecond())
        .contains("sluice_recent_runs{pipeline=\"daily\",status=\"succeeded\"} 1\n")
        .contains("sluice_recent_runs{pipeline=\"daily\",status=\"failed\"} 1\n")
        .contains("sluice_last_run_step_rows_in{pipeline=\"daily\",step=\"gold.counts\"} 40\n")
        .contains("sluice_last_run_step_failed{pipeline=\"daily\",step=\"gold.counts\"} 1\n")
        .contains("sluice_last_run_step_seconds{pipeline=\"daily\",step=\"gold.counts\"} 2\n")
        .doesNotContain(SECRET);
    // behind the token like every page: Prometheus sends it as a bearer token
    server.close();
    server = start(ConsoleSettings.local(0).withToken(Optional.of("tok-123456")));
    assertThat(get("/metrics").statusCode()).isEqualTo(401);
    assertThat(get("/metrics", "Authorization", "Bearer tok-123456").statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenIsRequiredWhenSetAndANonLoopbackAddressWithoutOneIsRefused() throws Exception {
    server.close();
    server = start(ConsoleSettings.local(0).withToken(Optional.of("tok-123456")));
    assertThat(get("/pipelines").statusCode()).isEqualTo(401);
    assertThat(get("/api/runs/x").statusCode()).isEqualTo(401);
    assertThat(get("/pipelines", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(get("/pipelines", "Authorization", "Bearer tok-123456").statusCode()).isEqualTo(200);
    assertThat(get("/health").statusCode()).isEqualTo(200);
    HttpResponse<String> login = post("/login", "token=tok-123456");
    String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .doesNotContain("tok-123456");
    assertThat(get("/pipelines", "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode())
        .isEqualTo(200);
    assertThat(post("/login", "token=nope").statusCode()).isEqualTo(401);
    assertThatThrownBy(() -> start(ConsoleSettings.local(0).withHost("0.0.0.0")))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("without a token");
  }

  @Test
  void aDashboardIsQueriedOnceAfterEachCommitAndDrawnFromItsRows() throws Exception {
    lake.answers.put(
        "SELECT name, n FROM gold.counts WHERE n > :min {min=0}",
        new QueryResult(
            List.of("name", "n"), List.of(List.of("<b>x</b>", "3"), List.of("y", "5")), false, 9));
    lake.answers.put(
        "SELECT name, n FROM gold.counts WHERE n > :min {min=4}",
        new QueryResult(List.of("name", "n"), List.of(List.of("y", "5")), false, 9));
    lake.answers.put(
        "SELECT sum(n) AS n FROM gold.counts",
        new QueryResult(List.of("n"), List.of(List.of("8")), false, 4));
    String page = get("/pipelines/daily/dashboards/overview").body();
    assertThat(page)
        .contains("id=\"chart-per_name\"")
        .contains(
            "&quot;rows&quot;:[[&quot;&lt;b&gt;x&lt;/b&gt;&quot;,&quot;3&quot;],[&quot;y&quot;,&quot;5&quot;]]")
        .contains("class=\"big-number\" data-format=\"#,##0.##\">8<")
        .contains("2 chart(s)")
        .contains("0 from the cache")
        .contains("/static/echarts.min.js");
    assertThat(lake.queries).hasSize(2);
    assertThat(get("/pipelines/daily/dashboards/overview").body()).contains("2 from the cache");
    assertThat(lake.queries).hasSize(2);
    assertThat(get("/pipelines/daily/dashboards/overview?min=4").body())
        .contains("1 from the cache")
        .contains("value=\"4\"");
    lake.versions.put("gold.counts", 7L); // a run committed: every chart is asked again
    assertThat(get("/pipelines/daily/dashboards/overview").body()).contains("0 from the cache");
    assertThat(lake.queries).hasSize(5);
    assertThat(get("/api/pipelines/daily/dashboards/overview").body())
        .contains("\"gold.counts\":7");
    assertThat(get("/dashboards").body()).contains("data-dashboard=\"daily/overview\"");
    assertThat(get("/static/echarts.min.js").body()).contains("echarts");
    assertThat(get("/pipelines/daily/dashboards/none").statusCode()).isEqualTo(404);
  }

  @Test
  void serveCarriesTheConsoleOnTheIngestPort() throws Exception {
    io.sluice.server.ingest.IngestStream stream =
        new io.sluice.server.ingest.IngestStream(
            "events",
            "events",
            Map.of("id", "bigint"),
            java.util.Set.of(),
            List.of("key-1"),
            Optional.empty(),
            1024);
    try (io.sluice.server.ingest.IngestServer ingest =
        io.sluice.server.ingest.IngestServer.start(
            Map.of("events", stream),
            "127.0.0.1:1",
            Map.of(),
            new io.sluice.server.ingest.IngestServer.Settings(
                "127.0.0.1", 0, 1000, java.time.Duration.ofSeconds(1)),
            app ->
                ConsoleServer.mount(
                    app,
                    ConsoleSettings.local(0).withToken(Optional.of("tok-123456")),
                    List.of(work),
                    file -> {
                      throw new SluiceException(io.sluice.spi.ErrorCode.INVALID_VALUE, "unused");
                    },
                    store,
                    lake))) {
      String base = "http://127.0.0.1:" + ingest.port();
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).contains("\"streams\""); // the ingest endpoint's own health
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/pipelines")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(401);
      HttpResponse<String> pipelines =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/pipelines"))
                  .header("Authorization", "Bearer tok-123456")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(pipelines.statusCode()).isEqualTo(200);
      assertThat(pipelines.body()).contains("data-pipeline=\"daily\"");
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200); // not behind the console's token
    }
  }

  private static String row(String page, String pipeline) {
    int start = page.indexOf("data-pipeline=\"" + pipeline + "\"");
    return page.substring(start, page.indexOf("</tr>", start));
  }
}
