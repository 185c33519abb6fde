package io.sluice.engine.spark;

import io.sluice.spec.RetentionSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps the lake's tables from growing without end: every write of a table adds a snapshot, and an
 * overwrite keeps the files of the one before it for time travel. After a write, the snapshots past
 * the pipeline's {@code retention} are expired through Iceberg's API and the files that no kept
 * snapshot needs are deleted. Nothing is committed when no snapshot is due.
 */
public final class LakeMaintenance {
  private LakeMaintenance() {}

  /** What an expiry did to one table: the snapshots it had, and what was expired, if any. */
  public record TableReport(String table, int snapshots, Optional<Expired> expired) {
    /** One console line. */
    public String describe() {
      return expired
          .map(e -> e.describe(table) + ", " + (snapshots - e.snapshots()) + " kept")
          .orElse(
              table
                  + ": nothing to expire ("
                  + snapshots
                  + " snapshot"
                  + (snapshots == 1 ? "" : "s")
                  + " kept)");
    }
  }

  /**
   * Expires the snapshots of every dataset of the pipeline and of their quarantine tables that
   * {@code retention} no longer keeps, one table after the other; tables not written yet are left
   * out.
   */
  public static List<TableReport> expireDatasets(
      SparkSession spark, java.util.Collection<String> datasets, RetentionSpec retention) {
    List<TableReport> reports = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (String dataset : datasets) {
      for (String table : tablesOf(dataset)) {
        expire(spark, table, retention, now).ifPresent(reports::add);
      }
    }
    return reports;
  }

  /** A dataset's table and its quarantine table, the two that retention looks after. */
  static List<String> tablesOf(String dataset) {
    return List.of(dataset, dataset + LakeTables.QUARANTINE_SUFFIX);
  }

  /** What one expiry did. */
  public record Expired(int snapshots, long files) {
    /** One console line. */
    public String describe(String table) {
      return String.format(
          java.util.Locale.ROOT,
          "expired %d old snapshot%s of %s, deleted %,d file%s",
          snapshots,
          snapshots == 1 ? "" : "s",
          table,
          files,
          files == 1 ? "" : "s");
    }
  }

  /**
   * Expires the snapshots of {@code table} (a dataset name, or its quarantine's) that {@code
   * retention} no longer keeps, and says how many it had and what it expired; empty when there is
   * no such table or the retention keeps every snapshot (then nothing is read).
   */
  static Optional<TableReport> expire(
      SparkSession spark, String table, RetentionSpec retention, long nowMillis) {
    if (retention.maxSnapshotAge().isEmpty()) {
      return Optional.empty();
    }
    Optional<Table> found = LakeTables.find(spark, LakeTables.qualified(table));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Table iceberg = found.get();
    int snapshots = 0;
    for (Snapshot ignored : iceberg.snapshots()) {
      snapshots++;
    }
    long cutoff = nowMillis - retention.maxSnapshotAge().get().toMillis();
    List<Long> due = due(iceberg, cutoff, retention.minSnapshots());
    if (due.isEmpty()) {
      return Optional.of(new TableReport(table, snapshots, Optional.empty()));
    }
    AtomicLong deleted = new AtomicLong();
    // Only the snapshots named here: Iceberg's own age rule (5 days, the current lineage) would
    // not know that an overwrite starts a new lineage, and would keep fewer than asked.
    ExpireSnapshots expire = iceberg.expireSnapshots().expireOlderThan(0L);
    due.forEach(expire::expireSnapshotId);
    expire
        .deleteWith(
            path -> {
              iceberg.io().deleteFile(path);
              deleted.incrementAndGet();
            })
        .commit();
    return Optional.of(
        new TableReport(table, snapshots, Optional.of(new Expired(due.size(), deleted.get()))));
  }

  /**
   * The snapshots older than {@code cutoff} that are neither the current one, nor one a branch or
   * tag points at, nor among the newest {@code keep} by commit time (an overwrite replaces the
   * table: its snapshot has no parent, so "newest" cannot follow the lineage).
   */
  static List<Long> due(Table table, long cutoff, int keep) {
    List<Snapshot> newestFirst = new ArrayList<>();
    table.snapshots().forEach(newestFirst::add);
    newestFirst.sort(
        Comparator.comparingLong(Snapshot::timestampMillis)
            .thenComparingLong(Snapshot::sequenceNumber)
            .reversed());
    Set<Long> kept = new HashSet<>();
    if (table.currentSnapshot() != null) {
      kept.add(table.currentSnapshot().snapshotId());
    }
    // a snapshot a branch or tag points at is kept (someone named it on purpose)
    table.refs().values().forEach(ref -> kept.add(ref.snapshotId()));
    newestFirst.stream().limit(keep).forEach(s -> kept.add(s.snapshotId()));
    List<Long> due = new ArrayList<>();
    for (Snapshot s : newestFirst) {
      if (s.timestampMillis() < cutoff && !kept.contains(s.snapshotId())) {
        due.add(s.snapshotId());
      }
    }
    return due;
  }
}
