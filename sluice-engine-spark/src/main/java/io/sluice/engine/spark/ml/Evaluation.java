package io.sluice.engine.spark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.stddev_pop;

import io.sluice.engine.spark.LakeTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.DecisionTreeRegressionModel;
import org.apache.spark.ml.regression.GBTRegressionModel;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Test metrics of a fitted model and the importance of each of its features. */
final class Evaluation {
  private Evaluation() {}

  /**
   * RMSE, MAE and R² of {@code predicted} (rows with the label and the prediction), in one pass
   * (MLlib's evaluator makes one per metric).
   */
  static Map<String, Double> metrics(Dataset<Row> predicted) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    Row row =
        predicted
            .selectExpr(
                "sqrt(avg(pow(prediction - _label, 2))) AS rmse",
                "avg(abs(prediction - _label)) AS mae",
                "sum(pow(prediction - _label, 2)) AS sse",
                "sum(_label * _label) - pow(sum(_label), 2) / count(*) AS sst")
            .first();
    metrics.put("rmse", row.getDouble(0));
    metrics.put("mae", row.getDouble(1));
    double sst = row.getDouble(3);
    metrics.put("r2", sst == 0 ? 0 : 1 - row.getDouble(2) / sst);
    return metrics;
  }

  /** One metric by MLlib's own evaluator, to check ours against in tests. */
  static double mllib(Dataset<Row> predicted, String metric) {
    return new RegressionEvaluator()
        .setLabelCol(MllibAlgorithms.LABEL)
        .setPredictionCol(MllibAlgorithms.PREDICTION)
        .setMetricName(metric)
        .evaluate(predicted);
  }

  /**
   * How much each feature matters, summing to 1: the trees' own importances, or for a linear model
   * the size of each coefficient times its feature's spread (a standardised coefficient).
   */
  static Map<String, Double> importances(
      PipelineModel model, List<String> features, Dataset<Row> train) {
    Transformer fitted = model.stages()[model.stages().length - 1];
    double[] weights;
    if (fitted instanceof GBTRegressionModel gbt) {
      weights = gbt.featureImportances().toArray();
    } else if (fitted instanceof RandomForestRegressionModel forest) {
      weights = forest.featureImportances().toArray();
    } else if (fitted instanceof DecisionTreeRegressionModel tree) {
      weights = tree.featureImportances().toArray();
    } else if (fitted instanceof LinearRegressionModel linear) {
      Vector coefficients = linear.coefficients();
      Column[] spreads =
          features.stream()
              .map(f -> stddev_pop(col(LakeTables.quote(f)).cast("double")))
              .toArray(Column[]::new);
      Row spread =
          train.agg(spreads[0], java.util.Arrays.copyOfRange(spreads, 1, spreads.length)).first();
      weights = new double[features.size()];
      for (int i = 0; i < weights.length; i++) {
        double s = spread.isNullAt(i) ? 0 : spread.getDouble(i);
        weights[i] = Math.abs(coefficients.apply(i)) * s;
      }
    } else {
      return Map.of();
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    Map<String, Double> result = new LinkedHashMap<>();
    for (int i = 0; i < features.size() && i < weights.length; i++) {
      result.put(features.get(i), total == 0 ? 0 : weights[i] / total);
    }
    return result;
  }
}
