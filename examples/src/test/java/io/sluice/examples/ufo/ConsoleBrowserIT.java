package io.sluice.examples.ufo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Planner;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import io.sluice.engine.spark.SparkLakeBrowser;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.server.console.ConsoleServer;
import io.sluice.server.console.ConsoleSettings;
import io.sluice.spec.EngineSettings;
import io.sluice.spec.LoadRequest;
import io.sluice.testing.TestingBrowser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser over a real run of the UFO example: the numbers each page shows are
 * the run store's and the lake's; a click goes run -> step -> quarantine; the SQL box answers and
 * refuses DDL; a running run's page updates without a reload. Screenshots land in
 * target/console-screenshots.
 */
class ConsoleBrowserIT {
  private static final Path SHOTS = Path.of("target", "console-screenshots");

  @TempDir Path work;

  @Test
  void theConsoleShowsARealRunPageByPage() throws Exception {
    Path csv = work.resolve("ufo.csv");
    new UfoGenerator(42).write(csv, 30_000);
    JsonNode summary = UfoRun.of(work, csv, "summary.json").summary();
    String runId = summary.get("run_id").asText();
    JsonNode silver = step(summary, "silver.sightings");
    long silverRows = silver.get("rows_out").asLong();
    long quarantined = silver.get("quarantined").asLong();
    assertThat(quarantined).as("the generator's dirt").isPositive();

    String runStore = "jdbc:h2:file:" + work.resolve("runs");
    SparkSession spark =
        SparkSessions.create(
            "console-it",
            new EngineSettings(work.resolve("lake").toString(), "local[2]", Map.of(), runStore));
    exportsTheDashboardAsAReport(spark, silverRows);
    WebDriver browser = TestingBrowser.driver(); // skips here without Chromium
    Map<String, Long> timings = new LinkedHashMap<>();
    try (JdbcRunStore store = JdbcRunStore.open(runStore);
        ConsoleServer server =
            ConsoleServer.start(
                ConsoleSettings.local(0),
                List.of(UfoRun.PIPELINE),
                file ->
                    Planner.load(
                        file,
                        LoadRequest.defaults(),
                        ConnectorRegistry.load(),
                        new SparkSqlAnalyzer()),
                store,
                new SparkLakeBrowser(spark, Duration.ofSeconds(60)))) {
      String base = "http://127.0.0.1:" + server.port();

      browser.get(base + "/pipelines");
      timings.put("pipelines", loadMillis(browser));
      WebElement row = browser.findElement(By.cssSelector("tr[data-pipeline='ufo-sightings']"));
      assertThat(row.getText()).contains("succeeded");
      TestingBrowser.screenshot(browser, SHOTS.resolve("pipelines.png"));

      TestingBrowser.clickAndLoad(browser, row.findElement(By.linkText("ufo-sightings")));
      timings.put("pipeline", loadMillis(browser));
      List<WebElement> nodes = browser.findElements(By.cssSelector("svg.graph g.node"));
      assertThat(nodes.stream().map(n -> n.getAttribute("data-node")))
          .contains(
              "source:nuforc_csv", "dataset:silver.sightings", "dataset:gold.sightings_by_country");
      assertThat(
              browser.findElements(By.cssSelector("svg.graph text.label")).stream()
                  .map(WebElement::getText))
          .contains("exactly-once");
      assertThat(browser.findElement(By.id("node-dataset-silver.sightings")).getText())
          .contains(String.format(Locale.ROOT, "%,d", silverRows))
          .contains("latitude_is_number")
          .contains("CREATE TABLE lake.silver.sightings");
      TestingBrowser.screenshot(browser, SHOTS.resolve("pipeline-graph.png"));

      TestingBrowser.clickAndLoad(browser, browser.findElement(By.linkText("runs")));
      timings.put("runs", loadMillis(browser));
      TestingBrowser.clickAndLoad(browser, browser.findElement(By.linkText(runId)));
      timings.put("run", loadMillis(browser));
      assertThat(cell(browser, "silver.sightings|rows_out"))
          .isEqualTo(String.format(Locale.ROOT, "%,d", silverRows));
      assertThat(cell(browser, "silver.sightings|quarantined"))
          .isEqualTo(String.format(Locale.ROOT, "%,d", quarantined));
      TestingBrowser.screenshot(browser, SHOTS.resolve("run.png"));

      TestingBrowser.clickAndLoad(
          browser, browser.findElement(By.linkText("silver.sightings"))); // the step
      timings.put("step", loadMillis(browser));
      assertThat(browser.findElement(By.cssSelector("table.log")).getText())
          .contains("Started dataset silver.sightings (run " + runId + ")")
          .contains("succeeded in ")
          .contains(String.format(Locale.ROOT, "%,d out", silverRows));
      TestingBrowser.clickAndLoad(
          browser,
          browser.findElement(By.id("quarantined-rows"))); // its quarantined rows of this run
      timings.put("quarantine", loadMillis(browser));
      String count = browser.findElement(By.cssSelector("p.result-count")).getText();
      assertThat(count).startsWith(Math.min(quarantined, 1000) + " row(s)");
      assertThat(browser.findElement(By.cssSelector("table.result")).getText())
          .contains("latitude_is_number")
          .contains(runId);
      TestingBrowser.screenshot(browser, SHOTS.resolve("quarantine.png"));

      browser.get(base + "/datasets/silver.sightings");
      timings.put("dataset", loadMillis(browser));
      assertThat(browser.findElement(By.cssSelector("table.snapshots")).getText())
          .contains(String.format(Locale.ROOT, "%,d", silverRows));
      TestingBrowser.clickAndLoad(
          browser, browser.findElement(By.partialLinkText("rows at this snapshot")));
      assertThat(browser.findElement(By.id("sample")).getText()).startsWith("Rows at snapshot");

      browser.get(base + "/sql");
      browser.findElement(By.name("q")).sendKeys("SELECT count(*) AS n FROM silver.sightings");
      TestingBrowser.clickAndLoad(browser, browser.findElement(By.id("run-sql")));
      timings.put("sql", loadMillis(browser));
      assertThat(browser.findElement(By.cssSelector("table.result tbody td")).getText())
          .isEqualTo(String.valueOf(silverRows));
      TestingBrowser.screenshot(browser, SHOTS.resolve("sql.png"));
      browser.findElement(By.name("q")).clear();
      browser.findElement(By.name("q")).sendKeys("DROP TABLE gold.sightings_by_country");
      TestingBrowser.clickAndLoad(browser, browser.findElement(By.id("run-sql")));
      assertThat(browser.findElement(By.cssSelector(".sql-error")).getText())
          .contains("error[E115]");
      assertThat(spark.catalog().tableExists("lake.gold.sightings_by_country")).isTrue();

      // the UFO dashboard: eight charts over the gold tables, drawn by ECharts
      browser.get(base + "/pipelines/ufo-sightings/dashboards/sightings");
      timings.put("dashboard (first view)", loadMillis(browser));
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .until(
              b -> b.findElements(By.cssSelector("[data-chart][data-drawn='true']")).size() == 6);
      assertThat(browser.findElements(By.cssSelector("section.chart-box"))).hasSize(8);
      assertThat(browser.findElement(By.cssSelector("#chart-total .big-number")).getText())
          .isEqualTo(String.format(Locale.ROOT, "%,d", silverRows));
      assertThat(
              browser.findElements(
                  By.cssSelector(
                      "#chart-sightings_by_country svg rect, #chart-sightings_by_country svg path")))
          .isNotEmpty();
      long countries =
          spark.sql("SELECT count(*) FROM lake.gold.sightings_by_country").first().getLong(0);
      String byCountry =
          browser
              .findElement(By.cssSelector("#chart-sightings_by_country .chart"))
              .getAttribute("data-chart");
      assertThat(
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .readTree(byCountry)
                  .get("rows")
                  .size())
          .isEqualTo((int) countries);
      assertThat(
              browser
                  .findElement(By.cssSelector("#chart-total_time_by_country table.result"))
                  .getText())
          .contains("all countries");
      TestingBrowser.screenshot(browser, SHOTS.resolve("ufo-dashboard.png"));
      browser.navigate().refresh();
      timings.put("dashboard (cached)", loadMillis(browser));
      assertThat(browser.findElement(By.cssSelector("p.dashboard-timing")).getText())
          .contains("8 from the cache");

      // a run that is going: its page follows the run store without a reload
      Instant now = Instant.now();
      store.startRun(
          new RunRecord(
              "live-1",
              "ufo-sightings",
              "default",
              RunStatus.RUNNING,
              now,
              Optional.empty(),
              "",
              Optional.empty()));
      store.recordStep(
          new StepRecord(
              "live-1",
              "bronze.sightings",
              "dataset",
              RunStatus.RUNNING,
              now,
              Optional.empty(),
              10,
              10,
              0,
              0,
              0,
              Optional.empty()));
      browser.get(base + "/runs/live-1");
      ((JavascriptExecutor) browser).executeScript("window.sluiceNoReload = 42;");
      store.recordStep(
          new StepRecord(
              "live-1",
              "bronze.sightings",
              "dataset",
              RunStatus.SUCCEEDED,
              now,
              Optional.of(Instant.now()),
              5_000,
              5_000,
              0,
              0,
              0,
              Optional.empty()));
      store.recordStep(
          new StepRecord(
              "live-1",
              "silver.sightings",
              "dataset",
              RunStatus.RUNNING,
              now,
              Optional.empty(),
              5_000,
              0,
              0,
              0,
              0,
              Optional.empty()));
      store.finishRun(
          new RunRecord(
              "live-1",
              "ufo-sightings",
              "default",
              RunStatus.SUCCEEDED,
              now,
              Optional.of(Instant.now()),
              "",
              Optional.empty()));
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .until(
              b ->
                  "5,000".equals(cell(b, "bronze.sightings|rows_out"))
                      && "succeeded".equals(cell(b, "run|status")));
      assertThat(((JavascriptExecutor) browser).executeScript("return window.sluiceNoReload;"))
          .isEqualTo(42L);
      assertThat(cell(browser, "silver.sightings|rows_in"))
          .isEqualTo("5,000"); // a step that appeared
    } finally {
      spark.stop();
    }
    System.out.println("Page load times in the browser (ms): " + timings);
  }

  /** `sluice report`: the same dashboard as a static page with a PNG per drawable chart. */
  private void exportsTheDashboardAsAReport(SparkSession spark, long silverRows) throws Exception {
    io.sluice.spec.PipelineSpec spec =
        io.sluice.spec.PipelineLoader.load(UfoRun.PIPELINE, LoadRequest.defaults());
    io.sluice.server.console.ReportExport export = new io.sluice.server.console.ReportExport();
    io.sluice.core.run.DashboardWriter.Written written =
        export.write(
            spec.name(),
            spec.dashboards().get("sightings"),
            new SparkLakeBrowser(spark, Duration.ofSeconds(60)),
            work.resolve("report"));
    assertThat(written.images()).hasSize(6);
    for (Path png : written.images()) {
      java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
      assertThat(image.getWidth()).as(png.toString()).isEqualTo(900);
      assertThat(image.getHeight()).isEqualTo(480);
    }
    String page = java.nio.file.Files.readString(written.page());
    assertThat(page)
        .contains("<h1>UFO sightings</h1>")
        .contains("all countries")
        .contains(String.valueOf(silverRows))
        .doesNotContain("error[");
    assertThat(page.split("data:image/png;base64,", -1)).hasSize(7);
    assertThat(written.failedCharts()).isEmpty();
    assertThat(export.fontName()).containsIgnoringCase("nanum"); // shipped, not the host's
    java.nio.file.Files.createDirectories(SHOTS);
    java.nio.file.Files.copy(
        written.images().get(0),
        SHOTS.resolve("report-" + written.images().get(0).getFileName()),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static String cell(WebDriver browser, String field) {
    List<WebElement> cells = browser.findElements(By.cssSelector("[data-field='" + field + "']"));
    return cells.isEmpty() ? null : cells.get(0).getText();
  }

  private static long loadMillis(WebDriver browser) {
    Object duration =
        ((JavascriptExecutor) browser)
            .executeScript("return performance.getEntriesByType('navigation')[0].duration;");
    return Math.round(((Number) duration).doubleValue());
  }

  private static JsonNode step(JsonNode summary, String name) {
    for (JsonNode step : summary.get("steps")) {
      if (step.get("name").asText().equals(name)) {
        return step;
      }
    }
    throw new AssertionError("no step " + name + " in " + summary);
  }
}
