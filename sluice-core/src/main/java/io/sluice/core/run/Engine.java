package io.sluice.core.run;

import io.sluice.core.plan.Plan;
import java.util.Map;

/**
 * An engine that runs plans (Spark): opens a session for a plan's settings, in which step executors
 * work. One session can serve several runs (a backfill's dates).
 */
public interface Engine {
  /** Opens a session for {@code plan}'s engine settings (master, lake, configuration). */
  Session open(Plan plan);

  /** An engine session; closing it releases what it holds (the Spark session). */
  interface Session extends AutoCloseable {
    /** An executor in this session, with the addresses of the run's services. */
    StepExecutor executor(Map<String, String> services);

    @Override
    void close();
  }
}
