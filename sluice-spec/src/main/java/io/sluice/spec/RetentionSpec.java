package io.sluice.spec;

import java.time.Duration;
import java.util.Optional;

/**
 * How long the lake's tables keep their old snapshots (for time travel and rollback): after each
 * write of a table, Iceberg expires its snapshots older than {@code maxSnapshotAge} and deletes the
 * files that no snapshot it keeps needs; the newest {@code minSnapshots} are kept whatever their
 * age. An empty {@code maxSnapshotAge} keeps every snapshot. The defaults are Iceberg's own (5
 * days, 1 snapshot).
 */
public record RetentionSpec(Optional<Duration> maxSnapshotAge, int minSnapshots) {
  public static final RetentionSpec DEFAULT = new RetentionSpec(Optional.of(Duration.ofDays(5)), 1);

  /** The word that keeps every snapshot. */
  public static final String FOREVER = "forever";

  /**
   * The maximum snapshot age {@code text} writes: a duration such as 12h or 7d, or empty for
   * 'forever'.
   *
   * @throws IllegalArgumentException when it is neither
   */
  public static Optional<Duration> maxAge(String text) {
    if (text.trim().equalsIgnoreCase(FOREVER)) {
      return Optional.empty();
    }
    return Optional.of(
        Durations.parse(text)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'" + text.trim() + "' is neither a duration nor '" + FOREVER + "'")));
  }

  public RetentionSpec {
    if (minSnapshots < 1) {
      throw new IllegalArgumentException("min_snapshots must be at least 1");
    }
  }
}
