package io.sluice.core.store;

import java.util.List;

/** Where runs, steps and check results are kept; read by {@code sluice runs} and the console. */
public interface RunStore extends AutoCloseable {
  void startRun(RunRecord run);

  void finishRun(RunRecord run);

  /** Inserts or replaces the step of the same run and name. */
  void recordStep(StepRecord step);

  void recordCheck(CheckRecord check);

  /** Appends lines to their steps' logs. A store that keeps no logs ignores them. */
  default void appendLog(List<LogLine> lines) {}

  /** The log of one step of a run, oldest line first; at most {@code limit} lines. */
  default List<LogLine> log(String runId, String step, int limit) {
    return List.of();
  }

  /**
   * Experiment runs and the model registry (the taxi-fares pipeline's {@code train:} datasets
   * record them); a store that keeps none refuses.
   */
  default ModelRegistry models() {
    throw new io.sluice.spi.SluiceException(
        io.sluice.spi.ErrorCode.RUN_FAILED,
        "This run store keeps no model registry: use the default store (an H2 file) or a"
            + " jdbc:postgresql: one");
  }

  /** The newest runs first; {@code pipeline} null means all pipelines. */
  List<RunRecord> recentRuns(String pipeline, int limit);

  /**
   * The runs {@code filter} selects, newest first. The default filters {@link #recentRuns} in
   * memory; stores backed by a database answer with a query.
   */
  default List<RunRecord> runs(RunFilter filter) {
    return recentRuns(filter.pipeline().orElse(null), Integer.MAX_VALUE).stream()
        .filter(filter::matches)
        .limit(filter.limit())
        .toList();
  }

  /** The run with this id. */
  default java.util.Optional<RunRecord> run(String runId) {
    return recentRuns(null, Integer.MAX_VALUE).stream()
        .filter(r -> r.runId().equals(runId))
        .findFirst();
  }

  List<StepRecord> steps(String runId);

  /**
   * The logical dates of a scheduled pipeline with their runs, oldest first; empty for a store that
   * does not keep dates.
   */
  default List<DateRecord> dates(String pipeline) {
    return List.of();
  }

  List<CheckRecord> checks(String runId);

  @Override
  void close();
}
