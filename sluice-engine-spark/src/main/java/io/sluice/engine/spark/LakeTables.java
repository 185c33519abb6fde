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
   * Whether the table already holds the micro-batch: its latest snapshot written by the same query
   * has a batch id at least {@code commit}'s (batches commit in order).
   */
  static boolean committed(SparkSession spark, String qualifiedName, StreamCommit commit) {
    java.util.Optional<org.apache.iceberg.Table> found = find(spark, qualifiedName);
    if (found.isEmpty()) {
      return false;
    }
    org.apache.iceberg.Table table = found.get();
    org.apache.iceberg.Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null) {
      java.util.Map<String, String> summary = snapshot.summary();
      if (commit.queryId().equals(summary.get(StreamCommit.QUERY_ID))) {
        return Long.parseLong(summary.get(StreamCommit.BATCH_ID)) >= commit.batchId();
      }
      Long parent = snapshot.parentId();
      snapshot = parent == null ? null : table.snapshot(parent);
    }
    return false;
  }

  /**
   * The stream mark (query and batch id) of the newest snapshot of {@code table} that has one, as
   * snapshot properties; empty when no stream wrote the table or its snapshots have expired.
   */
  static java.util.Optional<java.util.Map<String, String>> lastStreamCommit(
      org.apache.iceberg.Table table) {
    org.apache.iceberg.Snapshot snapshot = table.currentSnapshot();
    while (snapshot != null) {
      java.util.Map<String, String> summary = snapshot.summary();
      if (summary.containsKey(StreamCommit.QUERY_ID)) {
        return java.util.Optional.of(
            java.util.Map.of(
                StreamCommit.QUERY_ID,
                summary.get(StreamCommit.QUERY_ID),
                StreamCommit.BATCH_ID,
                summary.get(StreamCommit.BATCH_ID)));
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
