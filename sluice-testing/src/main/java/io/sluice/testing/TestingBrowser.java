package io.sluice.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

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

  /** Saves what the browser shows as a PNG at {@code file}. */
  public static Path screenshot(WebDriver browser, Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(file, png);
    return file;
  }
}
