package io.sluice.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium per test JVM, driven through Debian's chromium-driver (nothing is
 * downloaded). {@code .ci/run} installs both; a machine without them skips the browser tests with a
 * message that says how to install them.
 */
public final class TestingBrowser {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private static WebDriver driver;

  private TestingBrowser() {}

  /** Whether Chromium and its driver are installed. */
  public static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
  }

  /** The shared browser; skips the calling test when Chromium is not installed. */
  public static synchronized WebDriver driver() {
    Assumptions.assumeTrue(
        available(),
        "Browser tests need Debian's chromium and chromium-driver: apt-get install chromium"
            + " chromium-driver (.ci/run does)");
    if (driver == null) {
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--window-size=1400,1000",
          "--lang=en-US");
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new File(DRIVER.toString()))
              .usingAnyFreePort()
              .build();
      driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofMinutes(2));
      WebDriver started = driver;
      Runtime.getRuntime().addShutdownHook(new Thread(started::quit, "chromium-quit"));
    }
    return driver;
  }

  /**
   * Clicks a link or a submit button and returns once the page it leads to has loaded: the old
   * page's root element has gone stale and the new document is complete. A click alone may return
   * before the navigation starts, and a lookup then finds (or misses) elements of the old page.
   */
  public static void clickAndLoad(WebDriver browser, WebElement target) {
    WebElement oldRoot = browser.findElement(By.tagName("html"));
    target.click();
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofMinutes(2));
    wait.until(ExpectedConditions.stalenessOf(oldRoot));
    wait.until(
        b ->
            "complete"
                .equals(((JavascriptExecutor) b).executeScript("return document.readyState")));
  }

  /** Saves what the browser shows as a PNG at {@code file}. */
  public static Path screenshot(WebDriver browser, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(file, png);
    return file;
  }
}
