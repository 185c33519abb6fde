package io.sluice.bench;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.Planner;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunListener;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.engine.spark.SparkStepExecutor;
import io.sluice.scheduler.AlertSender;
import io.sluice.scheduler.RunRequest;
import io.sluice.scheduler.RunService;
import io.sluice.spec.LoadRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;

/** What the streaming benchmarks share: the plan, a local Spark session, a streaming run. */
final class BenchRuns {
  private BenchRuns() {}

  static Plan plan(Path pipeline) {
    return Planner.load(
        pipeline,
        new LoadRequest("local", Map.of(), System::getenv),
        ConnectorRegistry.load(),
        new SparkSqlAnalyzer());
  }

  static SparkSession session(String name, Path lake) {
    return SparkSessions.create(
        name, new io.sluice.spec.EngineSettings(lake.toString(), "local[*]", Map.of(), "x"));
  }

  /**
   * Starts the plan's run on {@code runner} with its streams kept running, and waits until a
   * streaming query is active.
   */
  static Future<?> streaming(
      ExecutorService runner, SparkSession spark, String bootstrap, JdbcRunStore store, Plan plan)
      throws Exception {
    Map<String, String> services =
        Map.of(io.sluice.spi.spark.SourceContext.KAFKA_BOOTSTRAP_SERVERS, bootstrap);
    Future<?> run =
        runner.submit(
            () ->
                new RunService(
                        new SparkStepExecutor(spark, services),
                        store,
                        RunListener.NONE,
                        RunClock.SYSTEM,
                        AlertSender.HTTP)
                    .run(plan, RunRequest.only(Optional.empty(), false, Duration.ofMinutes(1))));
    while (spark.streams().active().length == 0) {
      if (run.isDone()) {
        throw new IllegalStateException("the run ended before its stream started: " + run.get());
      }
      Thread.sleep(100);
    }
    return run;
  }
}
