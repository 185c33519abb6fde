package io.sluice.engine.spark;

import io.sluice.core.plan.PlannedSink;
import io.sluice.core.run.StepContext;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import io.sluice.spi.StreamingSinkConnector;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import io.sluice.spi.spark.SparkStreamingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The sinks a streaming dataset feeds with each micro-batch it writes (through the SPI's {@link
 * SparkStreamingSink}), each one a step of the run that starts with the stream and ends with it. A
 * batch goes to the sinks after the lake has it; when Spark runs a batch again after a crash, the
 * sinks get its rows again, and their idempotent writes (upserts on keys) make that harmless. Rows
 * a sink's target refuses are quarantined in the sink's quarantine table.
 */
final class StreamSinks {
  private final SparkSession spark;
  private final StepContext context;
  private final Map<String, String> services;
  private final List<Fed> sinks = new ArrayList<>();

  /** One sink and its running totals. */
  private static final class Fed {
    final PlannedSink planned;
    final SparkStreamingSink sink;
    final Instant started = Instant.now();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong rowsIn = new AtomicLong();
    final AtomicLong written = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    volatile String target = "";

    Fed(PlannedSink planned) {
      this.planned = planned;
      this.sink =
          ((StreamingSinkConnector) planned.factory()).createStreamingSink(planned.options());
      this.target = sink.describeTarget();
    }
  }

  StreamSinks(
      SparkSession spark, StepContext context, Map<String, String> services, String dataset) {
    this.spark = spark;
    this.context = context;
    this.services = services;
    for (PlannedSink planned : context.plan().streamingSinksOf(dataset)) {
      sinks.add(new Fed(planned));
      context.innerStepStarted(planned.spec().name(), "stream-sink");
    }
  }

  boolean isEmpty() {
    return sinks.isEmpty();
  }

  /** Writes one micro-batch's accepted rows to every sink; a sink that fails fails the batch. */
  void write(Dataset<Row> rows, long batchId) {
    for (Fed fed : sinks) {
      String name = fed.planned.spec().name();
      SinkResult result =
          StepLogCapture.around(
              context,
              name,
              () ->
                  fed.sink.writeMicroBatch(
                      rows,
                      batchId,
                      new SinkContext(
                          name,
                          context.runId(),
                          fed.planned.spec().mode(),
                          fed.planned.spec().keys(),
                          services)));
      long refused = QuarantineWriter.refused(spark, context, name, result.refused());
      fed.target = result.target();
      fed.batches.incrementAndGet();
      fed.rowsIn.addAndGet(result.rowsWritten() + refused);
      fed.written.addAndGet(result.rowsWritten());
      fed.refused.addAndGet(refused);
      context.streamProgress(name, fed.batches.get(), result.rowsWritten(), totals(fed));
    }
  }

  private static StepResult.Totals totals(Fed fed) {
    return new StepResult.Totals(fed.rowsIn.get(), fed.written.get(), fed.refused.get(), 0, 0);
  }

  /** Records every sink's result: failed with the stream's error, if it failed. */
  void finish(Optional<String> streamError) {
    for (Fed fed : sinks) {
      StepResult.Totals now = totals(fed);
      context.innerStepFinished(
          new StepResult(
              fed.planned.spec().name(),
              "stream-sink",
              streamError.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED,
              now.rowsIn(),
              now.rowsOut(),
              now.quarantined(),
              0,
              0,
              Map.of(),
              Duration.between(fed.started, Instant.now()),
              fed.target,
              streamError.map(e -> "The stream feeding this sink failed: " + e)));
    }
  }
}
