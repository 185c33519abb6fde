package io.sluice.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How an ingest stream treats what its clients send beyond the declared records: fields it does not
 * declare, how long an {@code Idempotency-Key} is remembered, and how many records one API key may
 * send per second.
 *
 * @param unknownFields what happens to a field the stream does not declare
 * @param idempotencyWindow how long a key's answer is kept (and replayed to retries)
 * @param recordsPerSecondPerKey the sustained rate one API key may send, empty for no limit
 * @param burstRecords how many records a key may send at once above the rate (the bucket's size)
 */
public record IngestPolicy(
    UnknownFields unknownFields,
    Duration idempotencyWindow,
    OptionalLong recordsPerSecondPerKey,
    long burstRecords) {
  /** The column of the stream's table that keeps a record's undeclared fields, as JSON. */
  public static final String UNKNOWN_FIELDS_COLUMN = "_unknown_fields";

  /** What happens to a field a stream does not declare. */
  public enum UnknownFields {
    /** Kept in the {@link #UNKNOWN_FIELDS_COLUMN} column as one JSON object (the default). */
    KEEP,
    /** The request is refused with 400, naming the field (and the declared one it resembles). */
    REJECT,
    /** Removed before the record is written, and counted. */
    DROP;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public IngestPolicy {
    requireNonNull(unknownFields, "unknownFields is null");
    requireNonNull(idempotencyWindow, "idempotencyWindow is null");
    requireNonNull(recordsPerSecondPerKey, "recordsPerSecondPerKey is null");
    if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
      throw new IllegalArgumentException("idempotencyWindow must be positive");
    }
  }

  /** Keep unknown fields, remember keys for 24 hours, no rate limit. */
  public static IngestPolicy defaults() {
    return new IngestPolicy(UnknownFields.KEEP, Duration.ofHours(24), OptionalLong.empty(), 0);
  }

  public IngestPolicy withUnknownFields(UnknownFields policy) {
    return new IngestPolicy(policy, idempotencyWindow, recordsPerSecondPerKey, burstRecords);
  }

  public IngestPolicy withIdempotencyWindow(Duration window) {
    return new IngestPolicy(unknownFields, window, recordsPerSecondPerKey, burstRecords);
  }

  /** A limit of {@code perSecond} records per second per key, with bursts up to {@code burst}. */
  public IngestPolicy withRateLimit(long perSecond, long burst) {
    return new IngestPolicy(
        unknownFields, idempotencyWindow, OptionalLong.of(perSecond), Math.max(burst, perSecond));
  }
}
