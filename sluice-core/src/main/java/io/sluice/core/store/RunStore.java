package io.sluice.core.store;

import java.util.List;

/** Where runs, steps and check results are kept; read by {@code sluice runs} and the console. */
public interface RunStore extends AutoCloseable {
  void startRun(RunRecord run);

  void finishRun(RunRecord run);

  /** Inserts or replaces the step of the same run and name. */
  void recordStep(StepRecord step);

  void recordCheck(CheckRecord check);

  /** The newest runs first; {@code pipeline} null means all pipelines. */
  List<RunRecord> recentRuns(String pipeline, int limit);

  List<StepRecord> steps(String runId);

  List<CheckRecord> checks(String runId);

  @Override
  void close();
}
