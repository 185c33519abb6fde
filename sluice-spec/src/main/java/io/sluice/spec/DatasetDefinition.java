package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.yaml.Position;
import io.sluice.spec.yaml.YamlScalar;

/** How a dataset gets its rows: a copy of a source, or SQL over other datasets. */
public sealed interface DatasetDefinition {
  /** Rows read from the named source (or copied from the named dataset). */
  record FromSource(String source, Position position) implements DatasetDefinition {
    public FromSource {
      requireNonNull(source, "source is null");
      requireNonNull(position, "position is null");
    }
  }

  /** Rows computed by a Spark SQL query; {@code node} locates the text in the file. */
  record SqlQuery(String sql, YamlScalar node) implements DatasetDefinition {
    public SqlQuery {
      requireNonNull(sql, "sql is null");
      requireNonNull(node, "node is null");
    }
  }
}
