package io.sluice.engine.spark;

import io.sluice.core.browse.LakeBrowser;
import io.sluice.core.browse.QueryResult;
import io.sluice.core.browse.TableInfo;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The console's view of the lake through a Spark session: tables from the catalog, shape and
 * snapshots from Iceberg's metadata (no Spark job), samples and read-only queries as Spark jobs.
 * Queries run in a job group so that one that takes too long is cancelled, not left running.
 */
public final class SparkLakeBrowser implements LakeBrowser {
  private final SparkSession spark;
  private final long timeoutMillis;

  public SparkLakeBrowser(SparkSession spark, java.time.Duration timeout) {
    this.spark = spark;
    this.timeoutMillis = timeout.toMillis();
  }

  /**
   * Every table, from the catalog's own listing (no Spark SQL statement per namespace), kept for a
   * few seconds: a page that asks twice lists the lake once.
   */
  @Override
  public synchronized List<String> tables() {
    long now = System.nanoTime();
    if (listed != null && now - listedAt < LISTING_NANOS) {
      return listed;
    }
    List<String> tables = new ArrayList<>();
    try {
      org.apache.spark.sql.connector.catalog.CatalogPlugin plugin =
          spark.sessionState().catalogManager().catalog(SparkSessions.CATALOG);
      org.apache.spark.sql.connector.catalog.TableCatalog catalog =
          (org.apache.spark.sql.connector.catalog.TableCatalog) plugin;
      for (String[] namespace :
          ((org.apache.spark.sql.connector.catalog.SupportsNamespaces) plugin).listNamespaces()) {
        for (org.apache.spark.sql.connector.catalog.Identifier table :
            catalog.listTables(namespace)) {
          tables.add(String.join(".", namespace) + "." + table.name());
        }
      }
    } catch (Exception e) { // NoSuchNamespaceException is checked in Scala's eyes only
      throw new SluiceException(
          ErrorCode.RUN_FAILED, "Cannot list the lake's tables: " + e.getMessage(), e);
    }
    tables.sort(null);
    listed = List.copyOf(tables);
    listedAt = now;
    return listed;
  }

  private static final long LISTING_NANOS = 5_000_000_000L;
  private List<String> listed;
  private long listedAt;

  @Override
  public TableInfo table(String name) {
    Table table = load(name);
    List<TableInfo.Column> columns =
        OutputSchemas.columns(spark.table(LakeTables.qualified(name)).schema());
    List<String> partitioning = new ArrayList<>();
    table
        .spec()
        .fields()
        .forEach(field -> partitioning.add(field.name() + " (" + field.transform() + ")"));
    List<TableInfo.Snapshot> snapshots = new ArrayList<>();
    for (Snapshot snapshot : table.snapshots()) {
      snapshots.add(
          new TableInfo.Snapshot(
              snapshot.snapshotId(),
              Instant.ofEpochMilli(snapshot.timestampMillis()),
              String.valueOf(snapshot.operation()),
              count(snapshot, "added-records"),
              count(snapshot, "total-records")));
    }
    snapshots.sort((a, b) -> b.committedAt().compareTo(a.committedAt()));
    return new TableInfo(name, columns, partitioning, snapshots);
  }

  @Override
  public QueryResult sample(String table, Optional<Long> snapshot, int limit) {
    load(table);
    String from =
        LakeTables.qualified(table) + snapshot.map(id -> " VERSION AS OF " + id).orElse("");
    return run("SELECT * FROM " + from, limit);
  }

  @Override
  public QueryResult quarantine(
      String dataset, Optional<String> reason, Optional<String> runId, int limit) {
    String table = LakeTables.quarantine(dataset);
    if (!LakeTables.exists(spark, table)) {
      return new QueryResult(COLUMNS, List.of(), false, 0);
    }
    java.util.Map<String, Object> args = new java.util.HashMap<>();
    args.put("reason", reason.map(r -> r.toLowerCase(java.util.Locale.ROOT)).orElse(""));
    args.put("run", runId.orElse(""));
    return run(
        "SELECT _run_id, _quarantined_at, _reasons, _origin, _record FROM "
            + table
            + " WHERE (:reason = '' OR exists(_reasons, r -> contains(lower(r), :reason)))"
            + " AND (:run = '' OR _run_id = :run) ORDER BY _quarantined_at DESC",
        args,
        limit);
  }

  private static final List<String> COLUMNS =
      List.of("_run_id", "_quarantined_at", "_reasons", "_origin", "_record");

  @Override
  public QueryResult query(String sql, java.util.Map<String, Object> args, int limit) {
    ReadOnlySql.check(sql);
    return run(sql, args, limit);
  }

  @Override
  public java.util.Map<String, Long> versions(java.util.Collection<String> tables) {
    java.util.Map<String, Long> versions = new java.util.TreeMap<>();
    for (String table : tables) {
      versions.put(
          table,
          LakeTables.find(spark, LakeTables.qualified(table))
              .map(Table::currentSnapshot)
              .map(Snapshot::snapshotId)
              .orElse(-1L));
    }
    return versions;
  }

  private QueryResult run(String sql, int limit) {
    return run(sql, java.util.Map.of(), limit);
  }

  private QueryResult run(String sql, java.util.Map<String, Object> args, int limit) {
    long started = System.nanoTime();
    String group = "sluice-console-" + java.util.UUID.randomUUID();
    java.util.concurrent.ScheduledFuture<?> cancel =
        TIMER.schedule(
            () -> spark.sparkContext().cancelJobGroup(group),
            timeoutMillis,
            java.util.concurrent.TimeUnit.MILLISECONDS);
    spark.sparkContext().setJobGroup(group, "console query", true);
    try {
      Dataset<Row> result = args.isEmpty() ? spark.sql(sql) : spark.sql(sql, args);
      List<Row> rows = result.limit(limit + 1).collectAsList();
      List<List<String>> cells = new ArrayList<>();
      for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
        List<String> line = new ArrayList<>();
        for (int i = 0; i < row.length(); i++) {
          line.add(row.isNullAt(i) ? null : Cells.text(row.get(i)));
        }
        cells.add(line);
      }
      return new QueryResult(
          List.of(result.columns()),
          cells,
          rows.size() > limit,
          (System.nanoTime() - started) / 1_000_000);
    } catch (SluiceException e) {
      throw e;
    } catch (RuntimeException e) {
      if (cancel.isDone()) {
        throw new SluiceException(
            ErrorCode.RUN_FAILED,
            "The query was cancelled after " + timeoutMillis / 1000 + " s",
            e);
      }
      throw new SluiceException(ErrorCode.RUN_FAILED, io.sluice.core.run.StepErrors.describe(e), e);
    } finally {
      cancel.cancel(false);
      spark.sparkContext().clearJobGroup();
    }
  }

  private Table load(String name) {
    return LakeTables.find(spark, LakeTables.qualified(name))
        .orElseThrow(
            () ->
                new SluiceException(
                    ErrorCode.UNDEFINED_REFERENCE, "There is no lake table " + name));
  }

  private static long count(Snapshot snapshot, String key) {
    String value = snapshot.summary() == null ? null : snapshot.summary().get(key);
    return value == null ? -1 : Long.parseLong(value);
  }

  private static final java.util.concurrent.ScheduledExecutorService TIMER =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
          io.sluice.core.run.DaemonThreads.named("console-query-timer"));
}
