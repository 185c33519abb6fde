package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.yaml.Position;
import io.sluice.spi.WriteMode;
import java.util.List;
import java.util.Optional;

/**
 * A lake table: how it is defined, written and checked. {@code streaming} is present for a table
 * fed continuously from a streaming source (its {@code mode} is then {@link WriteMode#APPEND}).
 */
public record DatasetSpec(
    String name,
    String description,
    DatasetDefinition definition,
    WriteMode mode,
    List<String> keys,
    List<String> partitionBy,
    List<ExpectationSpec> expectations,
    List<String> helperColumns,
    boolean metadata,
    Optional<StreamTrigger> streaming,
    Position position,
    Optional<ReconcileSpec> reconcile) {
  public DatasetSpec {
    requireNonNull(reconcile, "reconcile is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(definition, "definition is null");
    requireNonNull(mode, "mode is null");
    keys = List.copyOf(keys);
    partitionBy = List.copyOf(partitionBy);
    expectations = List.copyOf(expectations);
    helperColumns = List.copyOf(helperColumns);
    requireNonNull(streaming, "streaming is null");
    requireNonNull(position, "position is null");
  }

  /** The same dataset defined by {@code replacement} (a translated query, for instance). */
  public DatasetSpec withDefinition(DatasetDefinition replacement) {
    return new DatasetSpec(
        name,
        description,
        replacement,
        mode,
        keys,
        partitionBy,
        expectations,
        helperColumns,
        metadata,
        streaming,
        position,
        reconcile);
  }

  /** A dataset without reconciliation. */
  public DatasetSpec(
      String name,
      String description,
      DatasetDefinition definition,
      WriteMode mode,
      List<String> keys,
      List<String> partitionBy,
      List<ExpectationSpec> expectations,
      List<String> helperColumns,
      boolean metadata,
      Optional<StreamTrigger> streaming,
      Position position) {
    this(
        name,
        description,
        definition,
        mode,
        keys,
        partitionBy,
        expectations,
        helperColumns,
        metadata,
        streaming,
        position,
        Optional.empty());
  }

  /** The namespace, such as {@code silver}, or {@code default} for a one-part name. */
  public String namespace() {
    int dot = name.indexOf('.');
    return dot < 0 ? "default" : name.substring(0, dot);
  }

  /** The table name without the namespace. */
  public String table() {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(dot + 1);
  }
}
