package io.sluice.engine.spark.ml;

import io.sluice.spec.DatasetDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A small grid search without touching the test rows: every combination of the grid's values is
 * fitted on the older 80% of the training rows and scored on the newest 20% of them (a time-based
 * validation split, as the test split is); the best combination's values are returned.
 */
final class GridSearch {
  private GridSearch() {}

  static Map<String, String> best(
      DatasetDefinition.TrainAlgorithm algorithm,
      DatasetDefinition.Train train,
      TrainingSplit split,
      Map<String, Double> searched) {
    List<Map<String, String>> combinations = combinations(algorithm.grid());
    List<Dataset<Row>> parts = split.validation(ModelTraining.VALIDATION_SHARE);
    Map<String, String> best = combinations.get(0);
    double bestScore = Double.NaN;
    for (Map<String, String> combination : combinations) {
      Map<String, String> params = new LinkedHashMap<>(algorithm.params());
      params.putAll(combination);
      PipelineModel model =
          ModelTraining.pipeline(
                  train.features(), MllibAlgorithms.estimator(algorithm, params, train.seed()))
              .fit(parts.get(0));
      String metric = train.metric().name().toLowerCase(java.util.Locale.ROOT);
      double score = Evaluation.metrics(model.transform(parts.get(1))).get(metric);
      if (Double.isNaN(bestScore) || train.metric().better(score, bestScore)) {
        bestScore = score;
        best = combination;
      }
    }
    searched.put("grid_points", (double) combinations.size());
    searched.put(
        "validation_" + train.metric().name().toLowerCase(java.util.Locale.ROOT), bestScore);
    return best;
  }

  /** Every combination of the grid's values, in the order written. */
  static List<Map<String, String>> combinations(Map<String, List<String>> grid) {
    List<Map<String, String>> result = new ArrayList<>();
    result.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> entry : grid.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : result) {
        for (String value : entry.getValue()) {
          Map<String, String> combination = new LinkedHashMap<>(partial);
          combination.put(entry.getKey(), value);
          next.add(combination);
        }
      }
      result = next;
    }
    return result;
  }
}
