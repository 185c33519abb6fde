package io.sluice.spec;

import java.time.Duration;

/**
 * How a step that failed for a transient reason (a dropped connection, a timeout, an I/O error) is
 * retried: {@code count} more attempts, {@code delay} before the first, multiplied by {@code
 * backoff} each time. A validation, SQL or data error is never retried.
 */
public record RetrySpec(int count, Duration delay, double backoff) {
  public static final RetrySpec NONE = new RetrySpec(0, Duration.ZERO, 1.0);

  public RetrySpec {
    if (count < 0) {
      throw new IllegalArgumentException("retries must be at least 0");
    }
  }

  /** The wait before attempt {@code attempt} (1 = the first retry). */
  public Duration delayBefore(int attempt) {
    return Duration.ofMillis((long) (delay.toMillis() * Math.pow(backoff, attempt - 1)));
  }
}
