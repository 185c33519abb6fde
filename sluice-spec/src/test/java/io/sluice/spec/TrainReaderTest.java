package io.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.spi.WriteMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code train:} datasets, registry scores, partition overwrites and parameter references. */
class TrainReaderTest {
  private static final Path FILE = Path.of("p.yaml");

  private static final String PIPELINE =
      """
      pipeline: fares
      parameters:
        data: /data
        input: ${data}/trips-${ds}.csv
      sources:
        trips: { type: file, path: "${input}" }
      datasets:
        silver.trips:
          from: trips
          partition_by: [days(pickup_at)]
          overwrite: partitions
        ml.fare_models:
          train:
            input: silver.trips
            label: fare_amount
            features: [distance_miles, hour]
            split_by: pickup_at
            model: taxi-fare
            algorithms:
              - { name: linear, type: linear-regression, params: { regParam: 0.01 } }
              - { name: gbt, type: gbt-regression, grid: { maxDepth: [4, 6], maxIter: [10] } }
            max_regression: 0.05
        gold.predictions:
          score: { input: silver.trips, model: "models:/taxi-fare@champion" }
      """;

  private static PipelineSpec load(String text) {
    return PipelineLoader.load(FILE, text, new LoadRequest("local", Map.of(), k -> null));
  }

  @Test
  void readsATrainingDataset() {
    PipelineSpec spec = load(PIPELINE);
    DatasetSpec models = spec.datasets().get("ml.fare_models");
    assertThat(models.mode()).as("training keeps its history").isEqualTo(WriteMode.APPEND);
    DatasetDefinition.Train train = (DatasetDefinition.Train) models.definition();
    assertThat(train.input()).isEqualTo("silver.trips");
    assertThat(train.features()).containsExactly("distance_miles", "hour");
    assertThat(train.testFraction()).isEqualTo(0.2);
    assertThat(train.model()).isEqualTo("taxi-fare");
    assertThat(train.experiment()).isEqualTo("taxi-fare");
    assertThat(train.promote()).contains("champion");
    assertThat(train.metric()).isEqualTo(TrainOptions.Metric.RMSE);
    assertThat(train.maxRegression()).isEqualTo(0.05);
    assertThat(train.seed()).isEqualTo(42L);
    assertThat(train.algorithms())
        .extracting(DatasetDefinition.TrainAlgorithm::name)
        .containsExactly("linear", "gbt");
    assertThat(train.algorithms().get(0).params()).containsEntry("regParam", "0.01");
    assertThat(train.algorithms().get(1).grid())
        .containsEntry("maxDepth", List.of("4", "6"))
        .containsEntry("maxIter", List.of("10"));
    DatasetDefinition.Score score =
        (DatasetDefinition.Score) spec.datasets().get("gold.predictions").definition();
    assertThat(score.registryModel()).isTrue();
    assertThat(score.task()).isEqualTo(FormatOptions.ModelTask.PREDICTION);
    assertThat(spec.datasets().get("silver.trips").overwritePartitions()).isTrue();
  }

  @Test
  void rendersParameterValuesThatNameOtherParametersAndTheRunDate() {
    PipelineSpec spec =
        PipelineLoader.load(
            FILE,
            PIPELINE.replace(
                "pipeline: fares",
                "pipeline: fares\nschedule: { cron: \"0 6 * * *\", start_date: \"2015-07-01\" }"),
            new LoadRequest("local", Map.of(), k -> null, java.util.Optional.of("2015-07-02")));
    assertThat(spec.parameters()).containsEntry("input", "/data/trips-2015-07-02.csv");
  }

  @Test
  void reportsBadTrainingSectionsWithTheirPositions() {
    String broken =
        PIPELINE
            .replace("test_fraction", "x")
            .replace("max_regression: 0.05", "max_regression: -1\n      test_fraction: 0.9")
            .replace("type: gbt-regression", "type: xgboost")
            .replace("{ name: linear,", "{ name: gbt,")
            .replace("models:/taxi-fare@champion", "models:/taxi fare");
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> load(broken));
    String report = e.getMessage();
    assertThat(report)
        .contains("Cannot use a negative max_regression")
        .contains("Cannot hold out 0.9 of the rows")
        .contains("xgboost")
        .contains("Cannot define algorithm 'gbt'")
        .contains("Cannot read model 'models:/taxi fare'");
  }

  @Test
  void refusesPartitionOverwritesWithoutPartitions() {
    String broken = PIPELINE.replace("    partition_by: [days(pickup_at)]\n", "");
    ValidationException e = catchThrowableOfType(ValidationException.class, () -> load(broken));
    assertThat(e.getMessage())
        .contains("Cannot overwrite the partitions of dataset 'silver.trips'");
  }

  @Test
  void comparesMetricsTheWayTheyImprove() {
    assertThat(TrainOptions.Metric.RMSE.better(2.0, 3.0)).isTrue();
    assertThat(TrainOptions.Metric.MAE.better(3.0, 2.0)).isFalse();
    assertThat(TrainOptions.Metric.R2.better(0.9, 0.8)).isTrue();
    assertThat(TrainOptions.Metric.RMSE.acceptable(3.0, 3.0, 0.0)).as("equal").isTrue();
    assertThat(TrainOptions.Metric.RMSE.acceptable(3.1, 3.0, 0.05)).isTrue();
    assertThat(TrainOptions.Metric.RMSE.acceptable(3.2, 3.0, 0.05)).isFalse();
    assertThat(TrainOptions.Metric.R2.acceptable(0.86, 0.9, 0.05)).isTrue();
    assertThat(TrainOptions.Metric.R2.acceptable(0.85, 0.9, 0.05)).isFalse();
  }
}
