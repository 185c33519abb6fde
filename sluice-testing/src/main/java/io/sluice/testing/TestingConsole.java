package io.sluice.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * Runs code with {@code System.out} and {@code System.err} captured, for tests of command-line
 * output. Not thread-safe: the streams are process-wide.
 */
public final class TestingConsole {
  /** What a captured call returned and printed. */
  public record Captured<T>(T result, String out, String err) {}

  private TestingConsole() {}

  /** Something a test does while the captured call runs. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  public static <T> Captured<T> capture(Callable<T> call) throws Exception {
    return capture(call, null, () -> {});
  }

  /**
   * Runs {@code call} with the console captured and, on another thread, {@code then} as soon as the
   * captured output contains {@code marker}: a test acts on what the run has printed (a sensor that
   * started waiting, say) instead of guessing how long that takes. A failure of {@code then}, or a
   * run that ends without printing {@code marker}, fails the capture.
   */
  public static synchronized <T> Captured<T> capture(Callable<T> call, String marker, Action then)
      throws Exception {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(capturedOut);
      System.setErr(capturedErr);
      Thread watcher = null;
      Throwable[] failed = new Throwable[1];
      boolean[] done = new boolean[1];
      boolean[] acted = new boolean[1];
      if (marker != null) {
        watcher =
            new Thread(
                () -> {
                  try {
                    while (!out.toString(StandardCharsets.UTF_8).contains(marker)) {
                      synchronized (done) {
                        if (done[0]) {
                          return;
                        }
                        done.wait(50);
                      }
                    }
                    then.run();
                    acted[0] = true;
                  } catch (Exception | AssertionError e) {
                    failed[0] = e;
                  }
                },
                "console-watcher");
        watcher.setDaemon(true);
        watcher.start();
      }
      T result;
      try {
        result = call.call();
      } finally {
        if (watcher != null) {
          synchronized (done) {
            done[0] = true;
            done.notifyAll();
          }
          watcher.join();
        }
      }
      if (failed[0] != null) {
        throw new IllegalStateException("the action on '" + marker + "' failed", failed[0]);
      }
      if (marker != null && !acted[0]) {
        throw new AssertionError(
            "the run ended without printing '"
                + marker
                + "':\n"
                + out.toString(StandardCharsets.UTF_8)
                + err.toString(StandardCharsets.UTF_8));
      }
      capturedOut.flush();
      capturedErr.flush();
      return new Captured<>(
          result, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
  }
}
