package io.sluice.scheduler;

import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.StepExecutor;
import io.sluice.core.run.StepResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Watches a run's continuous streams until they stop: refreshes what they feed after new rows (at
 * most once per refresh interval), and on Ctrl-C or SIGTERM lets each finish its current
 * micro-batch, stops it and records the steps before the command returns.
 */
final class StreamSupervisor {
  private final List<StepExecutor.RunningStream> streams;
  private final RunRecorder recorder;
  private final RunListener listener;
  private final RunClock clock;
  private volatile boolean stopping;

  StreamSupervisor(
      List<StepExecutor.RunningStream> streams,
      RunRecorder recorder,
      RunListener listener,
      RunClock clock) {
    this.streams = List.copyOf(streams);
    this.recorder = recorder;
    this.listener = listener;
    this.clock = clock;
  }

  List<StepResult> await(Runnable refresh, Duration refreshEvery) {
    // The signals are taken over while the streams run, before the JVM starts to shut down (its
    // shutdown hooks would stop Spark's and Iceberg's thread pools under a running micro-batch).
    // A second signal goes to the previous handler.
    Runnable stopGracefully =
        () -> {
          stopping = true;
          streams.forEach(StepExecutor.RunningStream::stopAfterCurrentBatch);
        };
    List<StopSignal> signals = StopSignal.install(stopGracefully, listener);
    List<StepResult> results = new ArrayList<>();
    try {
      Instant lastRefresh = Instant.EPOCH;
      while (streams.stream().anyMatch(StepExecutor.RunningStream::isActive)) {
        streams.get(0).awaitTermination(500);
        boolean due = Duration.between(lastRefresh, clock.now()).compareTo(refreshEvery) >= 0;
        if (!stopping && due && recorder.rowsSinceRefresh() > 0) {
          recorder.takeRowsSinceRefresh();
          lastRefresh = clock.now();
          refresh.run();
        }
      }
    } catch (Exception e) { // a stream failed: each is recorded with its own error below
      if (!stopping) {
        streams.forEach(StepExecutor.RunningStream::stopAfterCurrentBatch);
      }
    } finally {
      for (StepExecutor.RunningStream stream : streams) {
        StepResult result = stream.result();
        recorder.finished(result);
        results.add(result);
      }
      signals.forEach(StopSignal::restore);
    }
    return results;
  }
}
