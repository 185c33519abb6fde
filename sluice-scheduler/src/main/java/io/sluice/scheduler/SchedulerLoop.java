package io.sluice.scheduler;

import io.sluice.core.run.DaemonThreads;
import io.sluice.core.run.RunClock;
import io.sluice.core.store.SchedulerLock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler's life: take the lock (one scheduler per run store), keep it with a heartbeat,
 * recover what a dead one left, run what is due every poll, and give the lock up at the end. A lost
 * lock (another scheduler took it over after this one was silent too long) ends this process
 * through {@code onLockLost}: its runs must not go on beside the new holder's.
 */
public final class SchedulerLoop {
  /** The name of the scheduler's lock in the run store. */
  public static final String LOCK = "scheduler";

  /** How a loop ended, and how many runs it made. */
  public record Ended(Outcome outcome, int runs) {}

  /** How a loop ended. */
  public enum Outcome {
    /** Another scheduler holds the lock. */
    LOCKED,
    /** --once: what was due ran. */
    DONE,
    /** Interrupted (the lock was lost, or the process is stopping). */
    INTERRUPTED
  }

  private final Scheduler scheduler;
  private final SchedulerLock lock;
  private final String me;
  private final Duration stale;
  private final RunClock clock;
  private final Runnable onLockLost;

  public SchedulerLoop(
      Scheduler scheduler,
      SchedulerLock lock,
      String me,
      Duration stale,
      RunClock clock,
      Runnable onLockLost) {
    this.scheduler = scheduler;
    this.lock = lock;
    this.me = me;
    this.stale = stale;
    this.clock = clock;
    this.onLockLost = onLockLost;
  }

  /**
   * Runs until interrupted, or with {@code once} one pass; {@code started} is told once the lock is
   * held.
   */
  public Ended run(boolean once, Duration poll, Runnable started) {
    if (!lock.lock(LOCK, me, stale)) {
      return new Ended(Outcome.LOCKED, 0);
    }
    int runs = 0;
    ScheduledExecutorService heartbeat =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("sluice-scheduler-heartbeat"));
    long every = Math.max(1_000, stale.toMillis() / 3);
    var unused = heartbeat.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    try {
      started.run();
      scheduler.recover(me);
      while (true) {
        runs += scheduler.runDue();
        if (once) {
          return new Ended(Outcome.DONE, runs);
        }
        clock.sleep(poll);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Ended(Outcome.INTERRUPTED, runs);
    } finally {
      heartbeat.shutdownNow();
      lock.unlock(LOCK, me);
    }
  }

  /** Renews the lock; false (after calling {@code onLockLost}) when another holder has it. */
  boolean renew() {
    if (lock.lock(LOCK, me, stale)) {
      return true;
    }
    onLockLost.run();
    return false;
  }
}
