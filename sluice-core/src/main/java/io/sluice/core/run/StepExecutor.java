package io.sluice.core.run;

import io.sluice.core.browse.LakeBrowser;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.plan.PlannedSource;
import java.util.Optional;

/**
 * The port through which a run service has an engine do the work of steps. The run service owns
 * everything around a step (graph order, skips, retries, sensors' schedule, alerts, the run store);
 * an executor owns how a dataset, a stream or a sink is computed and written. Tests give the run
 * service a fake executor.
 */
public interface StepExecutor {
  /** Starts executing steps of the run {@code context} describes; closed when they are done. */
  Steps begin(StepContext context);

  /** The sensor a planned sensor source describes. */
  Sensor sensor(PlannedSource sensor);

  /** The steps of one pass over a run's graph. Methods may be called from several threads. */
  interface Steps extends AutoCloseable {
    /** Computes a batch dataset into its lake table (with its checks and reconciliation). */
    StepOutcome dataset(PlannedDataset dataset);

    /** Runs a streaming dataset over what its source holds now, then stops. */
    StepOutcome drain(PlannedDataset dataset);

    /** Starts a streaming dataset that runs until stopped. */
    StreamStart start(PlannedDataset dataset);

    /** Writes a sink from its lake table (and reconciles it, when the spec says so). */
    StepOutcome sink(PlannedSink sink);

    /** The lake as these steps left it, for reading (dashboard exports); empty if it cannot. */
    default Optional<LakeBrowser> lake() {
      return Optional.empty();
    }

    @Override
    void close();
  }

  /** A condition a run waits for before its steps (a file, a table's rows, a topic's records). */
  interface Sensor {
    /** Whether the condition holds now; throws when it cannot be checked. */
    boolean poke();

    /** What it waits for, for people. */
    String describe();
  }

  /** A streaming dataset running until it is stopped or fails. */
  interface RunningStream {
    String name();

    boolean isActive();

    /** Waits at most {@code millis} for the stream to end; throws when it failed. */
    void awaitTermination(long millis) throws Exception;

    /** Lets the current micro-batch finish, then stops the stream. */
    void stopAfterCurrentBatch();

    /** The step's result so far (final once the stream is no longer active). */
    StepResult result();
  }

  /** Whether a continuous stream started. */
  sealed interface StreamStart {
    record Running(RunningStream stream) implements StreamStart {}

    record Failed(StepResult result) implements StreamStart {}
  }
}
