package io.sluice.spec;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in pipeline files: 500ms, 30s, 30 seconds, 5m, 2h, 1 hour, 1d. */
public final class Durations {
  private static final Pattern DURATION =
      Pattern.compile(
          "(\\d+)\\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?)");

  private Durations() {}

  /** The duration, or empty when the text is not one. */
  public static Optional<Duration> parse(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return Optional.empty();
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2);
    if (unit.equals("ms") || unit.startsWith("milli")) {
      return Optional.of(Duration.ofMillis(n));
    }
    return Optional.of(
        switch (unit.charAt(0)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        });
  }

  /** {@code d} in the largest whole unit: 5d, 12h, 30m, 45s or 500ms. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (ms % units[i] == 0) {
        return ms / units[i] + names[i];
      }
    }
    return ms + "ms";
  }
}
