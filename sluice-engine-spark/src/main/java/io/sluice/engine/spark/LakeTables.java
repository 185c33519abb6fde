package io.sluice.engine.spark;

import org.apache.spark.sql.SparkSession;

/** Names and housekeeping of the lake's Iceberg tables. */
public final class LakeTables {
  static final String QUARANTINE_SUFFIX = "__quarantine";

  private LakeTables() {}

  /** {@code lake.`ns`.`table`} for a dataset name {@code ns.table} (or {@code table}). */
  public static String qualified(String dataset) {
    int dot = dataset.indexOf('.');
    String namespace = dot < 0 ? "default" : dataset.substring(0, dot);
    String table = dot < 0 ? dataset : dataset.substring(dot + 1);
    return SparkSessions.CATALOG + "." + quote(namespace) + "." + quote(table);
  }

  static String quarantine(String dataset) {
    return qualified(dataset + QUARANTINE_SUFFIX);
  }

  /**
   * Namespaces already created, per session: one catalog round trip per namespace, not per step.
   */
  private static final java.util.Map<SparkSession, java.util.Set<String>> CREATED =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  static void ensureNamespace(SparkSession spark, String dataset) {
    int dot = dataset.indexOf('.');
    String namespace = dot < 0 ? "default" : dataset.substring(0, dot);
    java.util.Set<String> created =
        CREATED.computeIfAbsent(spark, s -> java.util.concurrent.ConcurrentHashMap.newKeySet());
    if (created.contains(namespace)) {
      return;
    }
    synchronized (created) { // steps that run at once may share a namespace
      if (!created.contains(namespace)) {
        spark.sql(
            "CREATE NAMESPACE IF NOT EXISTS " + SparkSessions.CATALOG + "." + quote(namespace));
        created.add(namespace);
      }
    }
  }

  static boolean exists(SparkSession spark, String qualifiedName) {
    return spark.catalog().tableExists(qualifiedName.replace("`", ""));
  }

  /**
   * Records added by the table's latest commit, from its snapshot summary (read through Iceberg's
   * API: no Spark job).
   */
  static long addedRecords(SparkSession spark, String qualifiedName) {
    org.apache.iceberg.Table table =
        find(spark, qualifiedName)
            .orElseThrow(() -> new IllegalStateException("Cannot load " + qualifiedName));
    org.apache.iceberg.Snapshot snapshot = table.currentSnapshot();
    String added = snapshot == null ? null : snapshot.summary().get("added-records");
    return added == null ? 0 : Long.parseLong(added);
  }

  /**
   * Records in the table now, from its current snapshot's summary (no Spark job); empty when there
   * is no such table.
   */
  static java.util.Optional<Long> totalRecords(SparkSession spark, String qualifiedName) {
    return find(spark, qualifiedName)
        .map(
            table -> {
              org.apache.iceberg.Snapshot snapshot = table.currentSnapshot();
              String total = snapshot == null ? null : snapshot.summary().get("total-records");
              return total == null ? 0L : Long.parseLong(total);
            });
  }

  /**
   * Whether the table already holds the micro-batch: a snapshot of its history written for the same
   * query has a batch id at least {@code commit}'s (batches commit in order). The history is read
   * to its end, not to the first mark of the query: a compaction that ran beside the stream commits
   * the mark it read when it began, which a later batch may have passed.
   */
  static boolean committed(SparkSession spark, String qualifiedName, StreamCommit commit) {
    java.util.Optional<org.apache.iceberg.Table> found = find(spark, qualifiedName);
    return found.isPresent()
        && lastBatch(found.get(), commit.queryId()).orElse(-1L) >= commit.batchId();
  }

  /** The highest batch id that the history of {@code table} records for the stream query. */
  static java.util.Optional<Long> lastBatch(org.apache.iceberg.Table table, String queryId) {
    long last = -1;
    org.apache.iceberg.Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null) {
      java.util.Map<String, String> summary = snapshot.summary();
      if (queryId.equals(summary.get(StreamCommit.QUERY_ID))) {
        last = Math.max(last, Long.parseLong(summary.get(StreamCommit.BATCH_ID)));
      }
      Long parent = snapshot.parentId();
      snapshot = parent == null ? null : table.snapshot(parent);
    }
    return last < 0 ? java.util.Optional.empty() : java.util.Optional.of(last);
  }

  /**
   * The stream mark (query and batch id) of the newest query that wrote {@code table}, with the
   * highest batch id its history records, as snapshot properties; empty when no stream wrote the
   * table or its snapshots have expired.
   */
  static java.util.Optional<java.util.Map<String, String>> lastStreamCommit(
      org.apache.iceberg.Table table) {
    org.apache.iceberg.Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null) {
      String queryId = snapshot.summary().get(StreamCommit.QUERY_ID);
      if (queryId != null) {
        return java.util.Optional.of(
            java.util.Map.of(
                StreamCommit.QUERY_ID,
                queryId,
                StreamCommit.BATCH_ID,
                Long.toString(lastBatch(table, queryId).orElseThrow())));
      }
      Long parent = snapshot.parentId();
      snapshot = parent == null ? null : table.snapshot(parent);
    }
    return java.util.Optional.empty();
  }

  /**
   * The table as Iceberg has it now (the lake catalog caches no tables, so a load reads the current
   * metadata), or empty when there is no such table.
   */
  public static java.util.Optional<org.apache.iceberg.Table> find(
      SparkSession spark, String qualifiedName) {
    try {
      return java.util.Optional.of(
          org.apache.iceberg.spark.Spark3Util.loadIcebergTable(spark, qualifiedName));
    } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
      return java.util.Optional.empty();
    } catch (Exception e) { // ParseException
      throw new IllegalStateException("Cannot load " + qualifiedName + ": " + e.getMessage(), e);
    }
  }

  public static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
