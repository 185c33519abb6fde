package io.sluice.core.browse;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A lake table's shape and history. */
public record TableInfo(
    String name, List<Column> columns, List<String> partitioning, List<Snapshot> snapshots) {
  public TableInfo {
    requireNonNull(name, "name is null");
    columns = List.copyOf(columns);
    partitioning = List.copyOf(partitioning);
    snapshots = List.copyOf(snapshots);
  }

  /** A column with its Spark SQL type. */
  public record Column(String name, String type, boolean nullable) {
    public Column {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
    }
  }

  /**
   * A committed snapshot: when, what operation, rows it added and the table's rows after it ({@code
   * -1} where the table format does not say).
   */
  public record Snapshot(
      long id, java.time.Instant committedAt, String operation, long addedRows, long totalRows) {
    public Snapshot {
      requireNonNull(committedAt, "committedAt is null");
      requireNonNull(operation, "operation is null");
    }
  }
}
