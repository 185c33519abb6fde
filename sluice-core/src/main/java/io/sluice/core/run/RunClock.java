package io.sluice.core.run;

import java.time.Duration;
import java.time.Instant;

/**
 * The time a run service reads and waits on: the system clock in production, a fake one in tests,
 * so that retries, sensor timeouts and schedules are tested without waiting.
 */
public interface RunClock {
  Instant now();

  /** Waits {@code duration} (a fake clock moves its time on instead). */
  void sleep(Duration duration) throws InterruptedException;

  RunClock SYSTEM =
      new RunClock() {
        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
          Thread.sleep(duration.toMillis());
        }
      };
}
