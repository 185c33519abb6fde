package io.sluice.engine.spark;

import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.run.StepContext;
import io.sluice.spec.DatasetDefinition;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A streaming {@code sql:} or {@code score:} dataset: computed from each micro-batch of the
 * streaming dataset it reads, once that batch is in the lake, and committed exactly once per batch
 * as its upstream is (the same query and batch ids in its snapshots' summaries). A step of the run
 * that starts and ends with the stream that feeds it.
 */
final class DerivedStream {
  private final PlannedDataset planned;
  private final String upstream;
  private final String runId;
  private final Map<String, String> services;
  private final StepContext context;
  private final Consumer<String> afterBatch;
  private final StreamingStep.Totals totals = new StreamingStep.Totals();
  private final Instant started = Instant.now();
  private final StreamOutputs outputs;

  DerivedStream(
      SparkSession spark,
      StepContext context,
      Map<String, String> services,
      PlannedDataset planned,
      String upstream,
      Consumer<String> afterBatch) {
    this.planned = planned;
    this.upstream = upstream;
    this.runId = context.runId();
    this.services = services;
    this.context = context;
    this.afterBatch = afterBatch;
    context.innerStepStarted(planned.name(), "stream");
    this.outputs = new StreamOutputs(spark, context, services, planned.name(), afterBatch);
  }

  /** Computes, writes and passes on this dataset's part of one micro-batch of its upstream. */
  void feed(Dataset<Row> upstreamRows, StreamCommit commit, long batchId) {
    SparkSession session = upstreamRows.sparkSession();
    String name = planned.name();
    Dataset<Row> input = StepLogCapture.around(context, name, () -> compute(session, upstreamRows));
    boolean reused = !outputs.isEmpty();
    if (reused) {
      input.persist(); // computed once (a model scores each row once) for the table and the rest
    }
    try {
      DatasetStep step = new DatasetStep(session, runId, services);
      DatasetStep.Counts counts =
          StepLogCapture.around(
              context, name, () -> step.runDerivedMicroBatch(planned, input, commit));
      if (counts.rowsIn() != counts.rowsOut() + counts.quarantined() + counts.dropped()) {
        throw DatasetStep.countsMismatch(name + " batch " + batchId, counts);
      }
      totals.add(counts);
      context.streamProgress(name, totals.batches.get(), counts.rowsOut(), totals.snapshot());
      afterBatch.accept(name);
      if (reused) {
        outputs.feed(DatasetStep.accepted(planned.spec(), input), commit, batchId);
      }
    } finally {
      if (reused) {
        input.unpersist();
      }
    }
  }

  /**
   * Creates this dataset's table, when it has none, from the upstream's empty batch through the
   * code each micro-batch runs (so that it is warm for the first one), then its derived datasets'.
   * The plan is computed even when the tables exist: that loads a {@code score:} dataset's model
   * before the stream starts rather than in its first micro-batch.
   */
  void createTable(Dataset<Row> emptyUpstream, StreamCommit commit) {
    SparkSession session = emptyUpstream.sparkSession();
    Dataset<Row> input = compute(session, emptyUpstream);
    if (!LakeTables.exists(session, LakeTables.qualified(planned.name()))) {
      DatasetStep.Counts unused =
          new DatasetStep(session, runId, services).runDerivedMicroBatch(planned, input, commit);
    }
    outputs.createTables(DatasetStep.accepted(planned.spec(), input), commit);
  }

  private Dataset<Row> compute(SparkSession session, Dataset<Row> upstreamRows) {
    return planned
        .spec()
        .definition()
        .match(
            new DatasetDefinition.Cases<Dataset<Row>>() {
              @Override
              public Dataset<Row> fromSource(DatasetDefinition.FromSource from) {
                throw new IllegalStateException(planned.name() + " is not computed from a stream");
              }

              @Override
              public Dataset<Row> sql(DatasetDefinition.SqlQuery query) {
                String view =
                    "sluice_batch_"
                        + upstream.replaceAll("[^A-Za-z0-9]", "_").toLowerCase(Locale.ROOT);
                upstreamRows.createOrReplaceTempView(view);
                return session.sql(StreamSql.readingBatch(query.sql(), upstream, view));
              }

              @Override
              public Dataset<Row> score(DatasetDefinition.Score score) {
                return Scoring.apply(upstreamRows, score, planned.name(), context::models);
              }

              @Override
              public Dataset<Row> train(DatasetDefinition.Train train) {
                throw new IllegalStateException(planned.name() + " is not computed from a stream");
              }
            });
  }

  /** Records this dataset's result (failed with the stream's error, if it failed). */
  void finish(Optional<String> streamError) {
    outputs.finish(streamError);
    context.innerStepFinished(
        SparkSteps.streamResult(
            planned.name(),
            started,
            totals,
            streamError.map(e -> "The stream feeding this dataset failed: " + e)));
  }
}
