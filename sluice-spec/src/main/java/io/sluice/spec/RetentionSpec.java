package io.sluice.spec;

import java.time.Duration;
import java.util.Optional;

/**
 * How long the lake's tables keep their old snapshots (for time travel and rollback): after each
 * write of a table, Iceberg expires its snapshots older than {@code maxSnapshotAge} and deletes the
 * files that no snapshot it keeps needs; the newest {@code minSnapshots} are kept whatever their
 * age. An empty {@code maxSnapshotAge} keeps every snapshot. The defaults are Iceberg's own (5
 * days, 1 snapshot). A running stream (a commit every micro-batch) does its housekeeping every
 * {@code streamMaintenanceInterval}: it rewrites a partition's small files once there are {@code
 * compactMinFiles} of them, then expires snapshots older than {@code streamSnapshotAge} (or {@code
 * maxSnapshotAge}, when shorter).
 */
public record RetentionSpec(
    Optional<Duration> maxSnapshotAge,
    int minSnapshots,
    Duration streamSnapshotAge,
    int compactMinFiles,
    Duration streamMaintenanceInterval) {
  public static final RetentionSpec DEFAULT = new RetentionSpec(Optional.of(Duration.ofDays(5)), 1);

  /** With the stream defaults: snapshots kept an hour while streaming, compaction at 20 files. */
  public RetentionSpec(Optional<Duration> maxSnapshotAge, int minSnapshots) {
    this(maxSnapshotAge, minSnapshots, Duration.ofHours(1), 20, Duration.ofMinutes(1));
  }

  /**
   * The retention a running stream applies: the shorter of the two ages; {@code forever} stays
   * forever (every snapshot kept, as the pipeline asked).
   */
  public RetentionSpec forStreams() {
    Optional<Duration> age =
        maxSnapshotAge.map(max -> max.compareTo(streamSnapshotAge) < 0 ? max : streamSnapshotAge);
    return new RetentionSpec(
        age, minSnapshots, streamSnapshotAge, compactMinFiles, streamMaintenanceInterval);
  }

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
    if (compactMinFiles < 2) {
      throw new IllegalArgumentException("compact_min_files must be at least 2");
    }
    if (streamMaintenanceInterval.isNegative()) {
      throw new IllegalArgumentException("stream_maintenance_interval cannot be negative");
    }
  }
}
