package io.sluice.scheduler;

import io.sluice.core.store.DateClaims;
import io.sluice.core.store.DateRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.SchedulerLock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Date claims and a scheduler lock in memory, with the rules of the JDBC run store. */
final class MemoryClaims implements DateClaims, SchedulerLock {
  private final FakeClock clock;
  final Map<String, DateRecord> dates = new TreeMap<>();
  final Map<String, String> claimedBy = new TreeMap<>();
  private String holder;
  private Instant heartbeat;

  MemoryClaims(FakeClock clock) {
    this.clock = clock;
  }

  private static String key(String pipeline, String logicalDate) {
    return pipeline + " " + logicalDate;
  }

  @Override
  public synchronized Optional<DateRecord> date(String pipeline, String logicalDate) {
    return Optional.ofNullable(dates.get(key(pipeline, logicalDate)));
  }

  @Override
  public synchronized Optional<DateRecord> dateOfRun(String runId) {
    return dates.values().stream().filter(d -> d.runId().equals(runId)).findFirst();
  }

  @Override
  public synchronized boolean claimDate(
      String pipeline, String logicalDate, String runId, boolean again, String by) {
    DateRecord existing = dates.get(key(pipeline, logicalDate));
    if (existing != null
        && (existing.status() == RunStatus.RUNNING
            || (existing.status() == RunStatus.SUCCEEDED && !again))) {
      return false;
    }
    dates.put(
        key(pipeline, logicalDate),
        new DateRecord(pipeline, logicalDate, runId, RunStatus.RUNNING, clock.now()));
    claimedBy.put(key(pipeline, logicalDate), by);
    return true;
  }

  @Override
  public synchronized void finishDate(
      String pipeline, String logicalDate, String runId, RunStatus status) {
    dates.put(
        key(pipeline, logicalDate),
        new DateRecord(pipeline, logicalDate, runId, status, clock.now()));
  }

  @Override
  public synchronized List<DateRecord> interruptClaims(String by, String reason) {
    List<DateRecord> interrupted = new ArrayList<>();
    for (DateRecord date : List.copyOf(dates.values())) {
      String key = key(date.pipeline(), date.logicalDate());
      if (date.status() == RunStatus.RUNNING && by.equals(claimedBy.get(key))) {
        interrupted.add(date);
        finishDate(date.pipeline(), date.logicalDate(), date.runId(), RunStatus.INTERRUPTED);
      }
    }
    return interrupted;
  }

  @Override
  public synchronized boolean lock(String name, String who, Duration stale) {
    if (holder == null || holder.equals(who) || heartbeat.plus(stale).isBefore(clock.now())) {
      holder = who;
      heartbeat = clock.now();
      return true;
    }
    return false;
  }

  @Override
  public synchronized Optional<String> lockHolder(String name) {
    return Optional.ofNullable(holder);
  }

  @Override
  public synchronized void unlock(String name, String who) {
    if (who.equals(holder)) {
      holder = null;
    }
  }
}
