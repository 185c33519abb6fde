package io.sluice.spec;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a streaming dataset runs a micro-batch: every {@code interval}, or once over everything
 * available ({@code availableNow}) and then stop.
 */
public record StreamTrigger(boolean availableNow, Duration interval) {
  public static final String AVAILABLE_NOW = "available-now";
  private static final Pattern INTERVAL =
      Pattern.compile(
          "(\\d+)\\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)",
          Pattern.CASE_INSENSITIVE);

  public static StreamTrigger availableNowTrigger() {
    return new StreamTrigger(true, Duration.ZERO);
  }

  /** Parses {@code available-now} or an interval such as {@code 5 seconds}, {@code 1m}. */
  public static Optional<StreamTrigger> parse(String text) {
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase(AVAILABLE_NOW)) {
      return Optional.of(availableNowTrigger());
    }
    Matcher m = INTERVAL.matcher(trimmed);
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    Duration interval;
    if (unit.startsWith("ms") || unit.startsWith("milli")) {
      interval = Duration.ofMillis(n);
    } else if (unit.startsWith("s")) {
      interval = Duration.ofSeconds(n);
    } else if (unit.startsWith("m")) {
      interval = Duration.ofMinutes(n);
    } else {
      interval = Duration.ofHours(n);
    }
    return Optional.of(new StreamTrigger(false, interval));
  }

  @Override
  public String toString() {
    return availableNow ? AVAILABLE_NOW : "every " + interval.toMillis() + " ms";
  }
}
