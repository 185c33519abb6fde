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

  public static synchronized <T> Captured<T> capture(Callable<T> call) throws Exception {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream capturedOut = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream capturedErr = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(capturedOut);
      System.setErr(capturedErr);
      T result = call.call();
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
