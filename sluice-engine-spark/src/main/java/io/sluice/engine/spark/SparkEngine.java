package io.sluice.engine.spark;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.Engine;
import io.sluice.core.run.StepExecutor;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/** The Spark engine: a session per plan's settings, executors that run steps in it. */
public final class SparkEngine implements Engine {
  @Override
  public Session open(Plan plan) {
    SparkSession spark =
        SparkSessions.create("sluice-" + plan.spec().name(), plan.spec().settings());
    return of(spark, true);
  }

  /** A session over a Spark session the caller owns (not stopped on close unless {@code owned}). */
  public static Session of(SparkSession spark, boolean owned) {
    return new Session() {
      @Override
      public StepExecutor executor(Map<String, String> services) {
        return new SparkStepExecutor(spark, services);
      }

      @Override
      public void close() {
        if (owned) {
          spark.stop();
        }
      }
    };
  }
}
