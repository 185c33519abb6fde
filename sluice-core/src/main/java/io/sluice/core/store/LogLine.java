package io.sluice.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One line of a step's log: what the run service saw (started, retried, checks, notes, alerts, the
 * outcome and its error) and what the engine logged on the step's thread (warnings and errors of
 * Spark, Iceberg and the connectors), in the order they happened.
 */
public record LogLine(String runId, String step, long seq, Instant at, String level, String text) {
  /** Longest text kept of one line; longer ones are cut and marked. */
  public static final int MAX_TEXT = 4000;

  public LogLine {
    requireNonNull(runId, "runId is null");
    requireNonNull(step, "step is null");
    requireNonNull(at, "at is null");
    requireNonNull(level, "level is null");
    requireNonNull(text, "text is null");
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT - 14) + " ... (cut off)";
    }
  }
}
