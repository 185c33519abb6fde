package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.yaml.Position;
import io.sluice.spi.WriteMode;
import java.util.List;
import java.util.Optional;

/**
 * A lake table: how it is defined, written and checked. {@code streaming} is present for a table
 * fed continuously from a streaming source or computed from each micro-batch of a streaming dataset
 * (its {@code mode} is then {@link WriteMode#APPEND}); {@code keepLast} says that such a table with
 * {@code keys} keeps the newest row of a key rather than the first; {@code overwritePartitions}
 * says that an overwrite replaces only the partitions its rows fall in.
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
    boolean keepLast,
    Position position,
    Optional<ReconcileSpec> reconcile,
    boolean overwritePartitions) {
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
    return toBuilder().definition(replacement).build();
  }

  /**
   * A builder for the table {@code name} defined by {@code definition}, declared at {@code
   * position}. Defaults: no description, {@link WriteMode#OVERWRITE}, no keys, partitions,
   * expectations or helper columns, no metadata columns, batch (not streaming), no reconciliation.
   */
  public static Builder builder(String name, DatasetDefinition definition, Position position) {
    return new Builder(name, definition, position);
  }

  /** A builder holding every part of this dataset, to change some of them. */
  public Builder toBuilder() {
    return new Builder(name, definition, position)
        .description(description)
        .mode(mode)
        .keys(keys)
        .partitionBy(partitionBy)
        .expectations(expectations)
        .helperColumns(helperColumns)
        .metadata(metadata)
        .streaming(streaming)
        .keepLast(keepLast)
        .reconcile(reconcile)
        .overwritePartitions(overwritePartitions);
  }

  /** Builds a {@link DatasetSpec}; see {@link DatasetSpec#builder}. */
  public static final class Builder {
    private final String name;
    private DatasetDefinition definition;
    private final Position position;
    private String description = "";
    private WriteMode mode = WriteMode.OVERWRITE;
    private List<String> keys = List.of();
    private List<String> partitionBy = List.of();
    private List<ExpectationSpec> expectations = List.of();
    private List<String> helperColumns = List.of();
    private boolean metadata;
    private Optional<StreamTrigger> streaming = Optional.empty();
    private boolean keepLast;
    private Optional<ReconcileSpec> reconcile = Optional.empty();
    private boolean overwritePartitions;

    private Builder(String name, DatasetDefinition definition, Position position) {
      this.name = name;
      this.definition = definition;
      this.position = position;
    }

    public Builder definition(DatasetDefinition value) {
      this.definition = value;
      return this;
    }

    public Builder description(String value) {
      this.description = value;
      return this;
    }

    public Builder mode(WriteMode value) {
      this.mode = value;
      return this;
    }

    public Builder keys(List<String> value) {
      this.keys = value;
      return this;
    }

    public Builder partitionBy(List<String> value) {
      this.partitionBy = value;
      return this;
    }

    public Builder expectations(List<ExpectationSpec> value) {
      this.expectations = value;
      return this;
    }

    public Builder helperColumns(List<String> value) {
      this.helperColumns = value;
      return this;
    }

    public Builder metadata(boolean value) {
      this.metadata = value;
      return this;
    }

    public Builder streaming(Optional<StreamTrigger> value) {
      this.streaming = value;
      return this;
    }

    public Builder keepLast(boolean value) {
      this.keepLast = value;
      return this;
    }

    public Builder reconcile(Optional<ReconcileSpec> value) {
      this.reconcile = value;
      return this;
    }

    /** Overwrite only the partitions the rows fall in (Hive's dynamic partition overwrite). */
    public Builder overwritePartitions(boolean value) {
      this.overwritePartitions = value;
      return this;
    }

    public DatasetSpec build() {
      return new DatasetSpec(
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
          keepLast,
          position,
          reconcile,
          overwritePartitions);
    }
  }

  /**
   * Whether this dataset is computed from the micro-batches of a streaming dataset it reads (a
   * streaming {@code sql:} or {@code score:} dataset) rather than read from a source.
   */
  public boolean streamDerived() {
    return streaming.isPresent() && definition.copiedFrom().isEmpty();
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
