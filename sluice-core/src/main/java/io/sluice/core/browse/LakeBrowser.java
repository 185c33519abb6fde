package io.sluice.core.browse;

import java.util.List;
import java.util.Optional;

/**
 * What the console reads from the lake: tables, their schema, partitions and snapshots, samples and
 * read-only queries. Implemented by the engine (Spark over the Iceberg catalog); the console sees
 * only this port, so its pages are tested against a lake in memory.
 */
public interface LakeBrowser {
  /** Every table of the lake as {@code namespace.table}, sorted. */
  List<String> tables();

  /**
   * The table's columns, partitioning and snapshots (newest first).
   *
   * @throws io.sluice.spi.SluiceException E105 when the table does not exist
   */
  TableInfo table(String name);

  /**
   * At most {@code limit} rows of {@code table}, as it is now or at {@code snapshot} (time travel).
   */
  QueryResult sample(String table, Optional<Long> snapshot, int limit);

  /**
   * The rows {@code dataset} quarantined, newest first: run, time, reasons, origin and the record;
   * only those whose reasons contain {@code reason} (ignoring case) and of run {@code runId} when
   * given. Empty when the dataset never quarantined anything.
   */
  QueryResult quarantine(
      String dataset, Optional<String> reason, Optional<String> runId, int limit);

  /**
   * Runs a read-only query and returns at most {@code limit} rows.
   *
   * @throws io.sluice.spi.SluiceException E115 for a statement that writes or changes anything
   *     (DDL, DML, SET, functions that call into the JVM), E107 for SQL that does not parse
   */
  default QueryResult query(String sql, int limit) {
    return query(sql, java.util.Map.of(), limit);
  }

  /**
   * A read-only query with named parameters ({@code :from} bound to {@code args.get("from")}), as
   * dashboard charts run them.
   */
  QueryResult query(String sql, java.util.Map<String, Object> args, int limit);

  /**
   * The current snapshot id of each table, {@code -1} for one without snapshots or that does not
   * exist: a chart's result is reused until a table it reads has a new snapshot.
   */
  java.util.Map<String, Long> versions(java.util.Collection<String> tables);
}
