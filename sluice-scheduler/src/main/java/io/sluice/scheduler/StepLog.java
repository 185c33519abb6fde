package io.sluice.scheduler;

import io.sluice.core.run.RunClock;
import io.sluice.core.store.LogLine;
import io.sluice.core.store.RunStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The logs of one run's steps, kept in the run store line by line as they happen, so the console
 * shows a running step's log too. Each step keeps at most {@link #MAX_LINES} lines; the last one
 * says how many more there were (the process's log file has them all).
 */
final class StepLog {
  static final int MAX_LINES = 1000;

  private final String runId;
  private final RunStore store;
  private final RunClock clock;
  private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

  StepLog(String runId, RunStore store, RunClock clock) {
    this.runId = runId;
    this.store = store;
    this.clock = clock;
  }

  void info(String step, String text) {
    add(step, "INFO", text);
  }

  void add(String step, String level, String text) {
    long seq = counts.computeIfAbsent(step, s -> new AtomicLong()).incrementAndGet();
    if (seq < MAX_LINES) {
      store.appendLog(List.of(new LogLine(runId, step, seq, clock.now(), level, text)));
    } else if (seq == MAX_LINES) {
      store.appendLog(
          List.of(
              new LogLine(
                  runId,
                  step,
                  seq,
                  clock.now(),
                  "WARN",
                  "The step logged more than "
                      + (MAX_LINES - 1)
                      + " lines; the rest are only in the process's log file (.sluice/logs)")));
    }
  }
}
