package io.sluice.server.ingest;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-API-key rate limits of the streams that set {@code rate_limit}: a token bucket of {@code
 * rate_limit_burst} records per key, refilled at {@code rate_limit} records per second. A request
 * takes as many tokens as it has records, or none: then it is refused with 429 and a Retry-After of
 * the seconds until the bucket holds enough. Buckets are per stream and key (keys are few: those in
 * the pipeline file).
 */
final class KeyRateLimits {
  /**
   * What a request may do: go, wait {@code retryAfterSeconds}, or never pass (bigger than a burst).
   */
  record Decision(boolean allowed, long retryAfterSeconds, boolean tooBig) {}

  private static final class Bucket {
    private double tokens;
    private long refilledAtMillis;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.refilledAtMillis = now;
    }
  }

  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  KeyRateLimits(Clock clock) {
    this.clock = clock;
  }

  /** Takes {@code records} tokens from the bucket of {@code keyIndex} of {@code stream}. */
  Decision take(IngestStream stream, int keyIndex, long records) {
    if (stream.policy().recordsPerSecondPerKey().isEmpty()) {
      return new Decision(true, 0, false);
    }
    long rate = stream.policy().recordsPerSecondPerKey().getAsLong();
    long burst = stream.policy().burstRecords();
    if (records > burst) {
      return new Decision(false, 0, true);
    }
    long now = clock.millis();
    Bucket bucket =
        buckets.computeIfAbsent(stream.name() + '\u0000' + keyIndex, k -> new Bucket(burst, now));
    synchronized (bucket) {
      long elapsed = Math.max(0, now - bucket.refilledAtMillis);
      bucket.tokens = Math.min((double) burst, bucket.tokens + elapsed * (double) rate / 1000.0);
      bucket.refilledAtMillis = Math.max(bucket.refilledAtMillis, now);
      if (bucket.tokens >= records) {
        bucket.tokens -= records;
        return new Decision(true, 0, false);
      }
      double missing = records - bucket.tokens;
      return new Decision(false, Math.max(1, (long) Math.ceil(missing / rate)), false);
    }
  }
}
