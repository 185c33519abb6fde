package io.sluice.bench;

import io.sluice.cli.Main;
import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Planner;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import io.sluice.engine.spark.SparkLakeBrowser;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.examples.ufo.UfoGenerator;
import io.sluice.server.console.ConsoleServer;
import io.sluice.server.console.ConsoleSettings;
import io.sluice.spec.EngineSettings;
import io.sluice.spec.LoadRequest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Console page times as a browser measures them (Navigation Timing: request to load event), with
 * the UFO pipeline run on N generated rows and the run store holding R more runs. Each page is
 * loaded V times; p50 and p95 are printed. The UFO dashboard (8 charts over the gold tables) is
 * measured three ways in the same run: served from the result cache (ours), queried on every view
 * (the naive way), and its first view after a new run (the refresh).
 *
 * <pre>bench/run.sh console --rows 1000000 --runs 1000 --views 20</pre>
 */
public final class ConsoleBench {
  private ConsoleBench() {}

  public static void main(String[] args) throws Exception {
    long rows = 1_000_000;
    int runs = 1000;
    int views = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--views" -> views = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument " + args[i] + "; use --rows N --runs R --views V");
      }
    }
    Path work = Files.createDirectories(Path.of("bench", "target", "work"));
    Path csv = work.resolve("ufo-" + rows + ".csv");
    if (!Files.exists(csv)) {
      new UfoGenerator(42).write(csv, rows);
    }
    Path dir = work.resolve("console");
    BenchFiles.deleteRecursively(dir);
    Files.createDirectories(dir);
    Path pipeline = Path.of("examples/ufo-sightings/pipeline.yaml");
    String runStore = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("runs");
    String lake = dir.resolve("lake").toAbsolutePath().toString();
    long started = System.nanoTime();
    run(pipeline, csv, dir, lake, runStore);
    System.out.printf(
        Locale.ROOT,
        "UFO pipeline on %,d rows: %.1f s%n",
        rows,
        (System.nanoTime() - started) / 1e9);
    String someRun;
    try (JdbcRunStore store = JdbcRunStore.open(runStore)) {
      someRun = fill(store, runs);
    }
    SparkSession spark =
        SparkSessions.create(
            "console-bench", new EngineSettings(lake, "local[2]", Map.of(), runStore));
    WebDriver browser = browser();
    try (JdbcRunStore store = JdbcRunStore.open(runStore);
        ConsoleServer server =
            ConsoleServer.start(
                ConsoleSettings.local(0),
                List.of(pipeline),
                file ->
                    Planner.load(
                        file,
                        LoadRequest.defaults(),
                        ConnectorRegistry.load(),
                        new SparkSqlAnalyzer()),
                store,
                new SparkLakeBrowser(spark, Duration.ofMinutes(2)))) {
      String base = "http://127.0.0.1:" + server.port();
      Map<String, String> pages = new LinkedHashMap<>();
      pages.put("pipelines", "/pipelines");
      pages.put("pipeline (graph)", "/pipelines/ufo-sightings");
      pages.put("runs", "/runs");
      pages.put("runs, failed", "/runs?status=failed");
      pages.put("a run", "/runs/" + someRun);
      pages.put("grid", "/pipelines/ufo-sightings/grid");
      pages.put("datasets", "/datasets");
      pages.put("dataset silver.sightings", "/datasets/silver.sightings");
      pages.put("quarantine", "/quarantine?dataset=silver.sightings");
      String dashboard = "/pipelines/ufo-sightings/dashboards/sightings";
      System.out.printf("%nPage loads in Chromium, %d views each (ms)%n", views);
      System.out.printf("%-34s %8s %8s %8s%n", "page", "p50", "p95", "max");
      for (Map.Entry<String, String> page : pages.entrySet()) {
        print(page.getKey(), times(browser, base + page.getValue(), views, null));
      }
      long refresh = once(browser, base + dashboard);
      List<Long> cached = times(browser, base + dashboard, views, "[data-drawn]");
      print("dashboard, cached (ours)", cached);
      List<Long> uncached = new ArrayList<>();
      for (int i = 0; i < Math.min(views, 3); i++) {
        // the naive way: every view queries the lake (a new snapshot id on each view)
        runAsProcess(pipeline, csv, dir, lake, runStore); // new snapshots of every table
        uncached.add(once(browser, base + dashboard));
      }
      print("dashboard, first view after a run", uncached);
      System.out.printf(
          Locale.ROOT,
          "%ndashboard (8 charts over gold tables of %,d rows): first view %d ms; cached p95 %d ms;"
              + " first view after a run p95 %d ms; cached / queried = %.2f%n",
          rows,
          refresh,
          p(cached, 95),
          p(uncached, 95),
          p(cached, 95) / (double) p(uncached, 95));
    } finally {
      browser.quit();
      spark.stop();
    }
  }

  /** {@code run} of the UFO pipeline on the bench's input, lake and run store. */
  private static String[] runArgs(Path pipeline, Path csv, Path dir, String lake, String runStore) {
    return new String[] {
      "run",
      pipeline.toString(),
      "--param",
      "input=" + csv.toAbsolutePath(),
      "--param",
      "out=" + dir.resolve("out").toAbsolutePath(),
      "--lake",
      lake,
      "--run-store",
      runStore
    };
  }

  /** A run as users make one while a console is open: another process, the same lake and store. */
  private static void runAsProcess(Path pipeline, Path csv, Path dir, String lake, String runStore)
      throws java.io.IOException, InterruptedException {
    Process run =
        new ProcessBuilder(
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("./sluice"),
                        java.util.Arrays.stream(runArgs(pipeline, csv, dir, lake, runStore)))
                    .toList())
            .inheritIO()
            .start();
    if (run.waitFor() != 0) {
      throw new IllegalStateException("the UFO run failed with exit " + run.exitValue());
    }
  }

  private static void run(Path pipeline, Path csv, Path dir, String lake, String runStore) {
    int code = Main.execute(runArgs(pipeline, csv, dir, lake, runStore));
    if (code != Main.OK) {
      throw new IllegalStateException("the UFO run failed with exit " + code);
    }
  }

  /** {@code count} runs of the UFO pipeline over the last days, a tenth failed, nine steps each. */
  private static String fill(JdbcRunStore store, int count) {
    Instant now = Instant.now();
    String last = null;
    String[] steps = {
      "bronze.sightings", "silver.sightings", "gold.sightings_by_country",
          "gold.sightings_by_location",
      "gold.sightings_by_month", "gold.sightings_by_shape", "gold.duration_by_country",
          "gold.korea_sightings",
      "sightings_by_country_csv"
    };
    for (int i = 0; i < count; i++) {
      String id = String.format(Locale.ROOT, "bench-%05d", i);
      Instant at = now.minus(Duration.ofMinutes(30L * (count - i)));
      RunStatus status = i % 10 == 7 ? RunStatus.FAILED : RunStatus.SUCCEEDED;
      store.startRun(
          new RunRecord(
              id,
              "ufo-sightings",
              "local",
              RunStatus.RUNNING,
              at,
              Optional.empty(),
              "{}",
              Optional.empty()));
      for (String step : steps) {
        store.recordStep(
            new StepRecord(
                id,
                step,
                step.contains(".") ? "dataset" : "sink",
                status,
                at,
                Optional.of(at.plusSeconds(3)),
                1000,
                990,
                10,
                0,
                0,
                Optional.empty()));
      }
      String day = at.toString().substring(0, 10);
      if (store.claimDate("ufo-sightings", day, id, true, "bench")) {
        store.finishDate("ufo-sightings", day, id, status);
      }
      store.finishRun(
          new RunRecord(
              id,
              "ufo-sightings",
              "local",
              status,
              at,
              Optional.of(at.plusSeconds(30)),
              "{}",
              status == RunStatus.FAILED ? Optional.of("error[E300]: boom") : Optional.empty()));
      last = id;
    }
    return last;
  }

  private static List<Long> times(WebDriver browser, String url, int views, String waitFor) {
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < views; i++) {
      browser.get(url);
      if (waitFor != null) {
        new WebDriverWait(browser, Duration.ofMinutes(2))
            .until(b -> !b.findElements(By.cssSelector(waitFor)).isEmpty());
      }
      times.add(navigation(browser));
    }
    return times;
  }

  private static long once(WebDriver browser, String url) {
    browser.get(url);
    return navigation(browser);
  }

  private static long navigation(WebDriver browser) {
    Object duration =
        ((JavascriptExecutor) browser)
            .executeScript("return performance.getEntriesByType('navigation')[0].duration;");
    return Math.round(((Number) duration).doubleValue());
  }

  private static void print(String name, List<Long> times) {
    System.out.printf(
        Locale.ROOT, "%-34s %8d %8d %8d%n", name, p(times, 50), p(times, 95), p(times, 100));
  }

  private static long p(List<Long> values, int percentile) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static WebDriver browser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(new File("/usr/bin/chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000");
    return new ChromeDriver(
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build(),
        options);
  }
}
