package io.sluice.scheduler;

import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.LogLine;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStore;
import io.sluice.core.store.StepRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run store in memory, keeping the latest record of each run and of each run's step. */
final class MemoryRunStore implements RunStore {
  final Map<String, RunRecord> runs = new LinkedHashMap<>();
  final Map<String, StepRecord> steps = new LinkedHashMap<>();
  final List<CheckRecord> checks = new ArrayList<>();
  final List<String> log = new ArrayList<>();
  final List<LogLine> lines = new ArrayList<>();

  @Override
  public synchronized void startRun(RunRecord run) {
    runs.put(run.runId(), run);
    log.add("start " + run.runId());
  }

  @Override
  public synchronized void finishRun(RunRecord run) {
    runs.put(run.runId(), run);
    log.add("finish " + run.runId() + " " + run.status());
  }

  @Override
  public synchronized void recordStep(StepRecord step) {
    steps.put(step.runId() + "/" + step.step(), step);
    log.add(step.step() + " " + step.status());
  }

  @Override
  public synchronized void recordCheck(CheckRecord check) {
    checks.add(check);
  }

  @Override
  public synchronized void appendLog(List<LogLine> appended) {
    lines.addAll(appended);
  }

  @Override
  public synchronized List<LogLine> log(String runId, String step, int limit) {
    return lines.stream()
        .filter(l -> l.runId().equals(runId) && l.step().equals(step))
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<RunRecord> recentRuns(String pipeline, int limit) {
    return runs.values().stream().filter(r -> r.pipeline().equals(pipeline)).limit(limit).toList();
  }

  @Override
  public synchronized List<StepRecord> steps(String runId) {
    return steps.values().stream().filter(s -> s.runId().equals(runId)).toList();
  }

  @Override
  public synchronized List<CheckRecord> checks(String runId) {
    return checks.stream().filter(c -> c.runId().equals(runId)).toList();
  }

  @Override
  public void close() {}
}
