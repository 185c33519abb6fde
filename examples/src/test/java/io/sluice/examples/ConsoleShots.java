package io.sluice.examples;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Planner;
import io.sluice.core.store.JdbcRunStore;
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
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Screenshots of console pages over what an example's test just ran (its lake and run store), for
 * docs and closing notes: target/console-screenshots/NAME.png. A machine without Chromium skips
 * them with a message, never the test that called.
 */
public final class ConsoleShots {
  private static final Path SHOTS = Path.of("target", "console-screenshots");

  /** What to open and what to wait for before the picture. */
  public record Shot(String path, String file, Predicate<WebDriver> ready) {
    public static Shot of(String path, String file, String cssReady, int atLeast) {
      return new Shot(path, file, b -> b.findElements(By.cssSelector(cssReady)).size() >= atLeast);
    }
  }

  private ConsoleShots() {}

  public static void take(
      Path pipeline, LoadRequest request, String lake, String runStore, List<Shot> shots)
      throws Exception {
    if (!TestingBrowser.available()) {
      System.out.println("No console screenshots: chromium and chromium-driver are not installed");
      return;
    }
    SparkSession spark =
        SparkSessions.create(
            "console-shots", new EngineSettings(lake, "local[2]", Map.of(), runStore));
    try (JdbcRunStore store = JdbcRunStore.open(runStore);
        ConsoleServer server =
            ConsoleServer.start(
                ConsoleSettings.local(0),
                List.of(pipeline),
                file ->
                    Planner.load(file, request, ConnectorRegistry.load(), new SparkSqlAnalyzer()),
                store,
                new SparkLakeBrowser(spark, Duration.ofSeconds(60)))) {
      WebDriver browser = TestingBrowser.driver();
      for (Shot shot : shots) {
        browser.get("http://127.0.0.1:" + server.port() + shot.path());
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(shot.ready()::test);
        TestingBrowser.screenshot(browser, SHOTS.resolve(shot.file()));
      }
    } finally {
      spark.stop();
    }
  }
}
