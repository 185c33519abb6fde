package io.sluice.engine.spark.ml;

import io.sluice.core.store.ExperimentRun;
import io.sluice.core.store.ModelRegistry;
import io.sluice.core.store.RunStatus;
import io.sluice.engine.spark.LakeTables;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.TrainOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A {@code train:} dataset: each algorithm is fitted on the older rows of the input (read at its
 * current Iceberg snapshot), scored on the newest, saved under the lake's {@code _models} folder,
 * recorded as an experiment run and registered as the model's next version. The best version of the
 * run is promoted to the alias ({@code champion}) unless it does worse than the alias's version on
 * the same test rows. The dataset's rows are the runs' metrics.
 */
public final class ModelTraining {
  /** The share of the training rows a grid search validates on. */
  static final double VALIDATION_SHARE = 0.2;

  /** Where an algorithm rebuilt from a recorded run was declared. */
  private static final io.sluice.spec.yaml.Position RECORDED =
      new io.sluice.spec.yaml.Position("(a recorded training run)", 0, 0);

  public static final StructType SCHEMA =
      new StructType()
          .add("run_id", DataTypes.StringType, false)
          .add("training_id", DataTypes.StringType, false)
          .add("model", DataTypes.StringType, false)
          .add("version", DataTypes.IntegerType, false)
          .add("algorithm", DataTypes.StringType, false)
          .add("type", DataTypes.StringType, false)
          .add("params", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false)
          .add("rmse", DataTypes.DoubleType, false)
          .add("mae", DataTypes.DoubleType, false)
          .add("r2", DataTypes.DoubleType, false)
          .add("train_rows", DataTypes.LongType, false)
          .add("test_rows", DataTypes.LongType, false)
          .add("split_at", DataTypes.TimestampType, false)
          .add("trained_at", DataTypes.TimestampType, false)
          .add("seconds", DataTypes.DoubleType, false)
          .add("promoted", DataTypes.BooleanType, false)
          .add("artifact", DataTypes.StringType, false);

  private final SparkSession spark;
  private final ModelRegistry registry;
  private final String runId;
  private final String pipelineVersion;
  private final Consumer<String> notes;
  private io.sluice.spec.TrackingSpec tracking = io.sluice.spec.TrackingSpec.NONE;

  /** Also logs each training run to this MLflow tracking server. */
  public ModelTraining trackedBy(io.sluice.spec.TrackingSpec spec) {
    this.tracking = spec;
    return this;
  }

  public ModelTraining(
      SparkSession spark,
      ModelRegistry registry,
      String runId,
      String pipelineVersion,
      Consumer<String> notes) {
    this.spark = spark;
    this.registry = registry;
    this.runId = runId;
    this.pipelineVersion = pipelineVersion;
    this.notes = notes;
  }

  /** Trains every algorithm of {@code train}; the rows of the dataset {@code dataset}. */
  public Dataset<Row> train(String dataset, DatasetDefinition.Train train) {
    String input = LakeTables.qualified(train.input());
    long snapshot = ModelArtifacts.currentSnapshot(spark, input, train.input()).snapshotId();
    Dataset<Row> source = ModelArtifacts.atSnapshot(spark, input, snapshot);
    List<Trained> trained = new ArrayList<>();
    try (TrainingSplit split =
        TrainingSplit.of(
            source,
            train.input(),
            train.label(),
            train.features(),
            train.splitBy(),
            train.testFraction(),
            OptionalDouble.empty(),
            ModelArtifacts.totalRecords(spark, input, snapshot))) {
      notes.accept(
          String.format(
              Locale.ROOT,
              "training on %s (snapshot %d): %,d rows to train, %,d to test (from %s)%s",
              train.input(),
              snapshot,
              split.trainRows,
              split.testRows,
              Instant.ofEpochMilli((long) (split.splitAt * 1000)),
              split.skippedRows == 0
                  ? ""
                  : String.format(Locale.ROOT, ", %,d left out for nulls", split.skippedRows)));
      for (DatasetDefinition.TrainAlgorithm algorithm : train.algorithms()) {
        trained.add(fitOne(dataset, train, algorithm, split, snapshot));
      }
      new Promotion(registry, notes).promote(train, trained, split.test);
    }
    MlflowTracking mlflow =
        new MlflowTracking(tracking, spark.sparkContext().hadoopConfiguration(), notes);
    for (Trained t : trained) {
      var unused = mlflow.log(t.run, t.promoted, train.promote().orElse(""));
    }
    List<Row> rows = new ArrayList<>();
    for (Trained t : trained) {
      rows.add(t.row());
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  /** One fitted algorithm: its record (registered) and whether it became the alias's version. */
  static final class Trained {
    final ExperimentRun run;
    final PipelineModel model;
    final double splitAt;
    final double seconds;
    boolean promoted;

    Trained(ExperimentRun run, PipelineModel model, double splitAt, double seconds) {
      this.run = run;
      this.model = model;
      this.splitAt = splitAt;
      this.seconds = seconds;
    }

    Row row() {
      return RowFactory.create(
          run.runId(),
          run.trainingId(),
          run.model(),
          run.registeredVersion().orElseThrow(),
          run.algorithm(),
          run.params().get("type"),
          scala.jdk.javaapi.CollectionConverters.asScala(run.params()),
          run.metrics().get("rmse"),
          run.metrics().get("mae"),
          run.metrics().get("r2"),
          run.metrics().get("train_rows").longValue(),
          run.metrics().get("test_rows").longValue(),
          java.sql.Timestamp.from(Instant.ofEpochMilli((long) (splitAt * 1000))),
          java.sql.Timestamp.from(run.startedAt()),
          seconds,
          promoted,
          run.artifact());
    }
  }

  private Trained fitOne(
      String dataset,
      DatasetDefinition.Train train,
      DatasetDefinition.TrainAlgorithm algorithm,
      TrainingSplit split,
      long snapshot) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    Map<String, String> params = new LinkedHashMap<>(algorithm.params());
    Map<String, Double> searched = new LinkedHashMap<>();
    if (!algorithm.grid().isEmpty()) {
      params.putAll(GridSearch.best(algorithm, train, split, searched));
    }
    Predictor<?, ?, ?> estimator = MllibAlgorithms.estimator(algorithm, params, train.seed());
    PipelineModel model = pipeline(train.features(), estimator).fit(split.train);
    Map<String, Double> metrics = Evaluation.metrics(model.transform(split.test));
    metrics.put("train_rows", (double) split.trainRows);
    metrics.put("test_rows", (double) split.testRows);
    metrics.putAll(searched);
    double seconds = (System.nanoTime() - t0) / 1e9;
    metrics.put("training_seconds", seconds);
    String trainingId = ModelArtifacts.trainingId(runId, dataset, algorithm.name());
    String artifact = ModelArtifacts.save(spark, model, train.model(), trainingId);
    Map<String, String> recorded = new LinkedHashMap<>();
    recorded.put("type", algorithm.type().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    recorded.put("input", train.input());
    recorded.put("label", train.label());
    recorded.put("features", String.join(",", train.features()));
    recorded.put("split_by", train.splitBy());
    recorded.put("split_at", Double.toString(split.splitAt));
    recorded.put("test_fraction", Double.toString(train.testFraction()));
    recorded.putAll(MllibAlgorithms.explicitParams(estimator));
    ExperimentRun run =
        new ExperimentRun(
            trainingId,
            train.experiment(),
            runId,
            dataset,
            train.model(),
            algorithm.name(),
            RunStatus.SUCCEEDED,
            started,
            java.util.Optional.of(Instant.now()),
            recorded,
            metrics,
            Evaluation.importances(model, train.features(), split.train),
            Map.of(train.input(), snapshot),
            pipelineVersion,
            artifact,
            java.util.Optional.empty());
    registry.recordExperiment(run);
    int version = registry.register(run);
    ExperimentRun registered = run.registeredAs(version);
    notes.accept(
        String.format(
            Locale.ROOT,
            "%s v%d (%s): rmse %.4f, mae %.4f, r2 %.4f on the test rows, %.1f s",
            train.model(),
            version,
            algorithm.name(),
            metrics.get("rmse"),
            metrics.get("mae"),
            metrics.get("r2"),
            seconds));
    return new Trained(registered, model, split.splitAt, seconds);
  }

  static Pipeline pipeline(List<String> features, Predictor<?, ?, ?> estimator) {
    VectorAssembler assembler =
        new VectorAssembler()
            .setInputCols(features.toArray(String[]::new))
            .setOutputCol(MllibAlgorithms.FEATURES)
            .setHandleInvalid("keep");
    return new Pipeline().setStages(new PipelineStage[] {assembler, estimator});
  }

  /**
   * Fits a recorded training run again on the data it recorded (the same snapshot, split time and
   * parameters) and returns the metrics: equal to the recorded ones when the run is reproducible.
   */
  public Map<String, Double> reproduce(ExperimentRun run) {
    Map<String, String> recorded = run.params();
    String inputName = recorded.get("input");
    long snapshot = run.snapshots().get(inputName);
    String input = LakeTables.qualified(inputName);
    Dataset<Row> source = ModelArtifacts.atSnapshot(spark, input, snapshot);
    List<String> features = List.of(recorded.get("features").split(","));
    TrainOptions.Algorithm type =
        TrainOptions.Algorithm.valueOf(
            recorded.get("type").toUpperCase(Locale.ROOT).replace('-', '_'));
    try (TrainingSplit split =
        TrainingSplit.of(
            source,
            inputName,
            recorded.get("label"),
            features,
            recorded.get("split_by"),
            Double.parseDouble(recorded.get("test_fraction")),
            OptionalDouble.of(Double.parseDouble(recorded.get("split_at"))),
            ModelArtifacts.totalRecords(spark, input, snapshot))) {
      Predictor<?, ?, ?> probe =
          MllibAlgorithms.estimator(
              new DatasetDefinition.TrainAlgorithm(
                  run.algorithm(), type, Map.of(), Map.of(), RECORDED),
              Map.of(),
              0);
      Map<String, String> params = new LinkedHashMap<>();
      recorded.forEach(
          (name, value) -> {
            if (probe.hasParam(name) && !name.equals("seed")) {
              params.put(name, value);
            }
          });
      long seed = Long.parseLong(recorded.getOrDefault("seed", "0"));
      Predictor<?, ?, ?> estimator =
          MllibAlgorithms.estimator(
              new DatasetDefinition.TrainAlgorithm(
                  run.algorithm(), type, params, Map.of(), RECORDED),
              params,
              seed);
      PipelineModel model = pipeline(features, estimator).fit(split.train);
      return Evaluation.metrics(model.transform(split.test));
    }
  }
}
