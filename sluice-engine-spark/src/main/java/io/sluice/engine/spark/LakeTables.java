package io.sluice.engine.spark;

import org.apache.spark.sql.SparkSession;

/** Names and housekeeping of the lake's Iceberg tables. */
final class LakeTables {
  static final String QUARANTINE_SUFFIX = "__quarantine";

  private LakeTables() {}

  /** {@code lake.`ns`.`table`} for a dataset name {@code ns.table} (or {@code table}). */
  static String qualified(String dataset) {
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
    if (created.add(namespace)) {
      spark.sql("CREATE NAMESPACE IF NOT EXISTS " + SparkSessions.CATALOG + "." + quote(namespace));
    }
  }

  static boolean exists(SparkSession spark, String qualifiedName) {
    return spark.catalog().tableExists(qualifiedName.replace("`", ""));
  }

  /** Records added by the table's latest commit, from its snapshot summary. */
  static long addedRecords(SparkSession spark, String qualifiedName) {
    java.util.List<org.apache.spark.sql.Row> rows =
        spark
            .sql(
                "SELECT summary['added-records'] FROM "
                    + qualifiedName
                    + ".snapshots ORDER BY committed_at DESC LIMIT 1")
            .collectAsList();
    if (rows.isEmpty() || rows.get(0).isNullAt(0)) {
      return 0;
    }
    return Long.parseLong(rows.get(0).getString(0));
  }

  static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }
}
