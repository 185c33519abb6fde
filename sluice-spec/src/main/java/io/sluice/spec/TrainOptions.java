package io.sluice.spec;

import io.sluice.spi.Option;
import java.util.List;

/** The keys of a {@code train:} dataset and of each of its algorithms. */
public final class TrainOptions {
  private TrainOptions() {}

  /** The Spark MLlib regressors a training run can fit. */
  public enum Algorithm {
    LINEAR_REGRESSION,
    GBT_REGRESSION,
    RANDOM_FOREST_REGRESSION,
    DECISION_TREE_REGRESSION
  }

  /** The test-split metric that ranks models and guards promotion. */
  public enum Metric {
    RMSE,
    MAE,
    R2;

    /** True when a larger value is better (R²); errors are better small. */
    public boolean largerIsBetter() {
      return this == R2;
    }

    /** True when {@code candidate} is better than {@code other}. */
    public boolean better(double candidate, double other) {
      return largerIsBetter() ? candidate > other : candidate < other;
    }

    /**
     * Whether {@code candidate} may replace a version scoring {@code current}: not worse by more
     * than {@code maxRegression}, a fraction of the current value.
     */
    public boolean acceptable(double candidate, double current, double maxRegression) {
      double allowance = Math.abs(current) * maxRegression;
      return largerIsBetter() ? candidate >= current - allowance : candidate <= current + allowance;
    }
  }

  public static final Option<String> INPUT =
      Option.key("input").stringType().required().description("The dataset the model learns from.");
  public static final Option<String> LABEL =
      Option.key("label").stringType().required().description("The numeric column to predict.");
  public static final Option<List<String>> FEATURES =
      Option.key("features")
          .stringListType()
          .required()
          .description("Numeric or boolean columns the model reads (booleans count as 0/1).");
  public static final Option<String> SPLIT_BY =
      Option.key("split_by")
          .stringType()
          .required()
          .description(
              "A time column: the newest rows by it are the test split, the older ones train"
                  + " (no future rows leak into training).");
  public static final Option<Double> TEST_FRACTION =
      Option.key("test_fraction")
          .doubleType()
          .defaultValue(0.2)
          .description("The share of rows, newest by split_by, held out to test (0.05-0.5).");
  public static final Option<String> MODEL =
      Option.key("model")
          .stringType()
          .noDefaultValue()
          .description(
              "The registry name the trained versions get (default: the dataset's table name);"
                  + " score it with model: models:/NAME@ALIAS.");
  public static final Option<String> EXPERIMENT =
      Option.key("experiment")
          .stringType()
          .noDefaultValue()
          .description("The experiment the training runs are recorded in (default: the model).");
  public static final Option<Object> ALGORITHMS =
      Option.key("algorithms")
          .sectionType()
          .required()
          .description(
              "A list of { name, type, params, grid }: each is one training run and one registered"
                  + " version.");
  public static final Option<String> PROMOTE =
      Option.key("promote")
          .stringType()
          .defaultValue("champion")
          .description(
              "The alias the run's best version gets when it is not worse than the alias's"
                  + " current version on the same test rows; 'none' to only register.");
  public static final Option<String> METRIC =
      Option.key("metric")
          .enumType(Metric.class)
          .defaultValue("rmse")
          .description(
              "rmse, mae or r2 (on the test split): ranks the versions, guards promotion.");
  public static final Option<Double> MAX_REGRESSION =
      Option.key("max_regression")
          .doubleType()
          .defaultValue(0.0)
          .description(
              "How much worse than the champion (a fraction of its metric: 0.05 = 5%) a version may"
                  + " be and still be promoted.");
  public static final Option<Long> SEED =
      Option.key("seed")
          .longType()
          .defaultValue(42L)
          .description(
              "The random seed of the algorithms: the same data and seed give the same model.");
  public static final List<Option<?>> TRAIN =
      List.of(
          INPUT,
          LABEL,
          FEATURES,
          SPLIT_BY,
          TEST_FRACTION,
          MODEL,
          EXPERIMENT,
          ALGORITHMS,
          PROMOTE,
          METRIC,
          MAX_REGRESSION,
          SEED);

  public static final Option<String> ALGORITHM_NAME =
      Option.key("name").stringType().required().description("Unique within the training.");
  public static final Option<String> ALGORITHM_TYPE =
      Option.key("type")
          .enumType(Algorithm.class)
          .required()
          .description(
              "linear-regression, gbt-regression, random-forest-regression or"
                  + " decision-tree-regression (Spark MLlib).");
  public static final Option<java.util.Map<String, String>> ALGORITHM_PARAMS =
      Option.key("params")
          .stringMapType()
          .noDefaultValue()
          .description("MLlib parameters by their names, such as { maxDepth: 6, maxIter: 40 }.");
  public static final Option<Object> ALGORITHM_GRID =
      Option.key("grid")
          .sectionType()
          .description(
              "Parameters to search, each with a list of values ({ maxDepth: [4, 6] }): every"
                  + " combination is fitted on the older 80% of the training rows and scored on the"
                  + " rest; the best is refitted on all of them.");
  public static final List<Option<?>> ALGORITHM =
      List.of(ALGORITHM_NAME, ALGORITHM_TYPE, ALGORITHM_PARAMS, ALGORITHM_GRID);
}
