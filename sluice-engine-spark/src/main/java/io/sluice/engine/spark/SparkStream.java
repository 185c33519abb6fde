package io.sluice.engine.spark;

import io.sluice.core.run.StepErrors;
import io.sluice.core.run.StepExecutor;
import io.sluice.core.run.StepResult;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/** A Structured Streaming query of a streaming dataset, running until stopped. */
final class SparkStream implements StepExecutor.RunningStream {
  private final String name;
  private final StreamingQuery query;
  private final StreamingStep.Totals totals;
  private final Instant started;
  private final StreamOutputs outputs;
  private final java.util.concurrent.atomic.AtomicBoolean outputsFinished =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final Runnable ended;

  /** {@code ended} runs once, when the stream has ended and its result is asked for. */
  SparkStream(
      String name,
      StreamingQuery query,
      StreamingStep.Totals totals,
      Instant started,
      StreamOutputs outputs,
      Runnable ended) {
    this.name = name;
    this.query = query;
    this.totals = totals;
    this.started = started;
    this.outputs = outputs;
    this.ended = ended;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isActive() {
    return query.isActive();
  }

  @Override
  public void awaitTermination(long millis) throws StreamingQueryException {
    var unused = query.awaitTermination(millis);
  }

  /** Waits (up to a minute) until the query is between micro-batches, then stops it. */
  @Override
  public void stopAfterCurrentBatch() {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    try {
      while (query.isActive() && query.status().isTriggerActive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      query.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (TimeoutException e) {
      // stop() timed out waiting for the query thread: the JVM is going down anyway
    }
  }

  @Override
  public StepResult result() {
    scala.Option<StreamingQueryException> failed = query.exception();
    Optional<String> error =
        failed.isDefined() ? Optional.of(StepErrors.describe(failed.get())) : Optional.empty();
    if (!query.isActive() && outputsFinished.compareAndSet(false, true)) {
      outputs.finish(error); // the stream has ended: so have the steps it fed
      ended.run();
    }
    return SparkSteps.streamResult(name, started, totals, error);
  }
}
