package io.sluice.connector.http;

/** A token bucket: {@code perSecond} requests a second, {@code burst} at once after a pause. */
final class RateLimiter {
  private final double perSecond;
  private final double burst;
  private double tokens;
  private long last = System.nanoTime();
  private long pausedUntil;

  RateLimiter(double perSecond, int burst) {
    this.perSecond = perSecond;
    this.burst = Math.max(1, burst);
    this.tokens = 1;
  }

  /** Waits for a token. */
  void acquire() throws InterruptedException {
    if (perSecond <= 0 && pausedUntil == 0) {
      return;
    }
    while (true) {
      long waitNanos;
      synchronized (this) {
        long now = System.nanoTime();
        if (pausedUntil != 0 && now < pausedUntil) {
          waitNanos = pausedUntil - now;
        } else {
          pausedUntil = 0;
          if (perSecond <= 0) {
            return;
          }
          tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
          last = now;
          if (tokens >= 1) {
            tokens -= 1;
            return;
          }
          waitNanos = (long) ((1 - tokens) / perSecond * 1e9);
        }
      }
      Thread.sleep(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
    }
  }

  /** Holds every request until {@code nanos} from now (the server asked: Retry-After on a 429). */
  synchronized void pause(long nanos) {
    pausedUntil = Math.max(pausedUntil, System.nanoTime() + nanos);
  }
}
