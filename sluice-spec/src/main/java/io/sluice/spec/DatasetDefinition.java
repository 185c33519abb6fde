package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.yaml.Position;
import io.sluice.spec.yaml.YamlScalar;

/**
 * How a dataset gets its rows: a copy of a source, SQL over other datasets, model scores, or the
 * training runs of a model.
 */
public sealed interface DatasetDefinition {
  /**
   * What to do for each kind of definition: a handler for every kind, so that a new kind does not
   * compile until every place that handles definitions handles it too (Java 17 has no pattern
   * switch over sealed types).
   */
  interface Cases<R> {
    R fromSource(FromSource from);

    R sql(SqlQuery query);

    R score(Score score);

    R train(Train train);
  }

  /** The result of the case of {@code cases} for this definition's kind. */
  <R> R match(Cases<R> cases);

  /** The source (or dataset) a copy reads; empty for SQL and scores. */
  default java.util.Optional<String> copiedFrom() {
    return match(
        new Cases<java.util.Optional<String>>() {
          @Override
          public java.util.Optional<String> fromSource(FromSource from) {
            return java.util.Optional.of(from.source());
          }

          @Override
          public java.util.Optional<String> sql(SqlQuery query) {
            return java.util.Optional.empty();
          }

          @Override
          public java.util.Optional<String> score(Score score) {
            return java.util.Optional.empty();
          }

          @Override
          public java.util.Optional<String> train(Train train) {
            return java.util.Optional.empty();
          }
        });
  }

  /** Rows read from the named source (or copied from the named dataset). */
  record FromSource(String source, Position position) implements DatasetDefinition {
    public FromSource {
      requireNonNull(source, "source is null");
      requireNonNull(position, "position is null");
    }

    @Override
    public <R> R match(Cases<R> cases) {
      return cases.fromSource(this);
    }
  }

  /**
   * Rows of {@code input} with model outputs added: {@code label, score, signed_score} for a text
   * classifier, {@code embedding} for an embedding model.
   */
  record Score(
      String input,
      String textColumn,
      String model,
      FormatOptions.ModelTask task,
      java.util.Optional<String> positiveLabel,
      int batchSize,
      int threads,
      int maxLength,
      boolean cuda,
      Position position,
      Position modelPosition)
      implements DatasetDefinition {
    public Score {
      requireNonNull(input, "input is null");
      requireNonNull(textColumn, "textColumn is null");
      requireNonNull(model, "model is null");
      requireNonNull(task, "task is null");
      requireNonNull(positiveLabel, "positiveLabel is null");
      requireNonNull(position, "position is null");
      requireNonNull(modelPosition, "modelPosition is null");
    }

    @Override
    public <R> R match(Cases<R> cases) {
      return cases.score(this);
    }

    /**
     * The prefix of a model in Sluice's registry: {@code models:/NAME@ALIAS} or {@code /NAME/3}.
     */
    public static final String REGISTRY = "models:/";

    /** True when the model is a version in the registry (an MLlib model), not an ONNX folder. */
    public boolean registryModel() {
      return model.startsWith(REGISTRY);
    }
  }

  /**
   * Rows computed by a SQL query; {@code node} locates the text in the file. {@code sql} is Spark
   * SQL: for another {@code dialect} the planner replaces it with its translation and {@code
   * written} keeps the text as the file has it.
   */
  record SqlQuery(String sql, YamlScalar node, FormatOptions.SqlDialect dialect, String written)
      implements DatasetDefinition {
    public SqlQuery {
      requireNonNull(sql, "sql is null");
      requireNonNull(node, "node is null");
      requireNonNull(dialect, "dialect is null");
      requireNonNull(written, "written is null");
    }

    /** Spark SQL as written in the file. */
    public SqlQuery(String sql, YamlScalar node) {
      this(sql, node, FormatOptions.SqlDialect.SPARK, sql);
    }

    @Override
    public <R> R match(Cases<R> cases) {
      return cases.sql(this);
    }

    /** True when the file's text is not Spark SQL and {@link #sql} is its translation. */
    public boolean translated() {
      return dialect != FormatOptions.SqlDialect.SPARK;
    }

    /** The same query with {@code spark} as the SQL to run. */
    public SqlQuery withSpark(String spark) {
      return new SqlQuery(spark, node, dialect, written);
    }
  }

  /**
   * Models fitted on {@code input}: one training run per algorithm, each recorded as an experiment
   * run and registered as a version of {@code model}; the dataset's rows are the runs' metrics.
   */
  record Train(
      String input,
      String label,
      java.util.List<String> features,
      String splitBy,
      double testFraction,
      String model,
      String experiment,
      java.util.List<TrainAlgorithm> algorithms,
      java.util.Optional<String> promote,
      TrainOptions.Metric metric,
      double maxRegression,
      long seed,
      Position position)
      implements DatasetDefinition {
    public Train {
      requireNonNull(input, "input is null");
      requireNonNull(label, "label is null");
      features = java.util.List.copyOf(features);
      requireNonNull(splitBy, "splitBy is null");
      requireNonNull(model, "model is null");
      requireNonNull(experiment, "experiment is null");
      algorithms = java.util.List.copyOf(algorithms);
      requireNonNull(promote, "promote is null");
      requireNonNull(metric, "metric is null");
      requireNonNull(position, "position is null");
    }

    @Override
    public <R> R match(Cases<R> cases) {
      return cases.train(this);
    }
  }

  /** One algorithm of a {@link Train}: fixed parameters and a grid of values to search. */
  record TrainAlgorithm(
      String name,
      TrainOptions.Algorithm type,
      java.util.Map<String, String> params,
      java.util.Map<String, java.util.List<String>> grid,
      Position position) {
    public TrainAlgorithm {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
      grid = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(grid));
      requireNonNull(position, "position is null");
    }
  }
}
