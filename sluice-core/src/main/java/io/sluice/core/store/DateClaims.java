package io.sluice.core.store;

import java.util.List;
import java.util.Optional;

/**
 * Logical dates claimed for runs: at most one run per pipeline and date at a time, and a date that
 * succeeded is not run again unless asked. Schedulers, backfills and resumes claim before they run.
 */
public interface DateClaims {
  /** The run of {@code pipeline} for {@code logicalDate}, if one was claimed. */
  Optional<DateRecord> date(String pipeline, String logicalDate);

  /**
   * Claims {@code logicalDate} of {@code pipeline} for {@code runId}: true when nobody ran it, or
   * its last run failed or was interrupted (or {@code again} asks to re-run a success); false while
   * another run holds it or it succeeded. Two claimers never both win.
   */
  boolean claimDate(
      String pipeline, String logicalDate, String runId, boolean again, String claimedBy);

  /** The date record whose run is {@code runId}, if a date was claimed for it. */
  Optional<DateRecord> dateOfRun(String runId);

  /** Records how the run of a claimed date ended. */
  void finishDate(String pipeline, String logicalDate, String runId, RunStatus status);

  /** Marks the dates {@code claimedBy} left running, and their runs, interrupted; returns them. */
  List<DateRecord> interruptClaims(String claimedBy, String reason);
}
