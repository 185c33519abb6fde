package io.sluice.core.store;

import java.time.Duration;
import java.util.Optional;

/** A named lock with a heartbeat: one scheduler per run store at a time. */
public interface SchedulerLock {
  /**
   * Takes or renews lock {@code name} for {@code holder}: true when nobody holds it, {@code holder}
   * does, or the holder's heartbeat is older than {@code stale}.
   */
  boolean lock(String name, String holder, Duration stale);

  /** Who holds lock {@code name} and when they last said so. */
  Optional<String> lockHolder(String name);

  /** Gives lock {@code name} up if {@code holder} has it. */
  void unlock(String name, String holder);
}
