package io.sluice.server.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** How the console writes times, durations and counts. */
final class Formats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private Formats() {}

  static String time(Instant instant) {
    return TIME.format(instant);
  }

  static String time(Optional<Instant> instant) {
    return instant.map(Formats::time).orElse("");
  }

  /** Seconds with one decimal from {@code start} to {@code end} (or now while running). */
  static String seconds(Instant start, Optional<Instant> end) {
    long millis = Duration.between(start, end.orElse(Instant.now())).toMillis();
    return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }
}
