package io.sluice.engine.spark.ml;

import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.TrainOptions;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.regression.DecisionTreeRegressor;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.RandomForestRegressor;

/** Builds the Spark MLlib estimator of an algorithm, with its parameters checked by MLlib. */
final class MllibAlgorithms {
  static final String FEATURES = "_features";
  static final String LABEL = "_label";
  static final String PREDICTION = "prediction";

  /** Parameters Sluice sets itself: the columns, and the seed from the training's seed. */
  private static final java.util.Set<String> RESERVED =
      java.util.Set.of("featuresCol", "labelCol", "predictionCol", "seed");

  private MllibAlgorithms() {}

  /** A fresh estimator of {@code type} with the given parameters (values as written). */
  static Predictor<?, ?, ?> estimator(
      DatasetDefinition.TrainAlgorithm algorithm, Map<String, String> params, long seed) {
    Predictor<?, ?, ?> estimator = create(algorithm.type());
    estimator.setFeaturesCol(FEATURES).setLabelCol(LABEL).setPredictionCol(PREDICTION);
    if (estimator.hasParam("seed")) {
      estimator.set(estimator.getParam("seed"), seed);
    }
    params.forEach((name, value) -> set(estimator, algorithm, name, value));
    return estimator;
  }

  /** The parameters of the fitted estimator that differ from MLlib's defaults or were set. */
  static Map<String, String> explicitParams(Predictor<?, ?, ?> estimator) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Param<?> param : estimator.params()) {
      if (RESERVED.contains(param.name()) && !param.name().equals("seed")) {
        continue;
      }
      if (estimator.isDefined(param)) {
        Object value = estimator.getOrDefault(param);
        result.put(param.name(), String.valueOf(value));
      }
    }
    return result;
  }

  private static Predictor<?, ?, ?> create(TrainOptions.Algorithm type) {
    switch (type) {
      case LINEAR_REGRESSION:
        return new LinearRegression();
      case GBT_REGRESSION:
        return new GBTRegressor();
      case RANDOM_FOREST_REGRESSION:
        return new RandomForestRegressor();
      case DECISION_TREE_REGRESSION:
        return new DecisionTreeRegressor();
      default:
        throw new IllegalArgumentException("no estimator for " + type);
    }
  }

  private static void set(
      Predictor<?, ?, ?> estimator,
      DatasetDefinition.TrainAlgorithm algorithm,
      String name,
      String text) {
    String what =
        "algorithm '"
            + algorithm.name()
            + "' ("
            + algorithm.type().name().toLowerCase(Locale.ROOT).replace('_', '-')
            + ")";
    if (!estimator.hasParam(name) || RESERVED.contains(name)) {
      TreeSet<String> known = new TreeSet<>();
      Arrays.stream(estimator.params())
          .map(Param::name)
          .filter(n -> !RESERVED.contains(n))
          .forEach(known::add);
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot set parameter '"
              + name
              + "' of "
              + what
              + ": "
              + (RESERVED.contains(name)
                  ? "Sluice sets it (the seed comes from the training's 'seed')"
                  : "MLlib has no such parameter")
              + "; its parameters are "
              + String.join(", ", known));
    }
    Param<Object> param = estimator.getParam(name);
    Object value;
    try {
      value = parse(param, text.trim());
    } catch (NumberFormatException e) {
      throw invalid(what, name, text, "expected a " + kind(param));
    }
    if (!param.isValid().apply(value).equals(Boolean.TRUE)) {
      throw invalid(what, name, text, param.doc());
    }
    estimator.set(param, value);
  }

  private static Object parse(Param<?> param, String text) {
    if (param instanceof IntParam) {
      return Integer.valueOf(text);
    } else if (param instanceof DoubleParam) {
      return Double.valueOf(text);
    } else if (param instanceof LongParam) {
      return Long.valueOf(text);
    } else if (param instanceof FloatParam) {
      return Float.valueOf(text);
    } else if (param instanceof BooleanParam) {
      if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
        throw new NumberFormatException(text);
      }
      return Boolean.valueOf(text);
    }
    return text;
  }

  private static String kind(Param<?> param) {
    if (param instanceof IntParam || param instanceof LongParam) {
      return "whole number";
    } else if (param instanceof DoubleParam || param instanceof FloatParam) {
      return "number";
    } else if (param instanceof BooleanParam) {
      return "true or false";
    }
    return "text";
  }

  private static SluiceException invalid(String what, String name, String text, String doc) {
    return new SluiceException(
        ErrorCode.INVALID_VALUE,
        "Cannot set parameter '" + name + "' of " + what + " to '" + text + "': " + doc);
  }
}
