package io.sluice.bench;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.engine.spark.SparkStepExecutor;
import io.sluice.scheduler.AlertSender;
import io.sluice.scheduler.RunRequest;
import io.sluice.scheduler.RunService;
import io.sluice.spec.EngineSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Times one step of the UFO pipeline through the runner, and the same SQL written by plain Spark,
 * in alternating rounds: {@code java ... io.sluice.bench.StepProbe silver.sightings 6} after {@code
 * bench/run.sh} has generated the 1M-row CSV and the lake (bench/target/work).
 */
public final class StepProbe {
  private StepProbe() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of("bench", "target", "work");
    Path csv = work.resolve("ufo-1000000.csv");
    EngineSettings settings = UfoBench.settings(work);
    SparkSession spark = SparkSessions.create("probe", settings);
    Plan plan = UfoBench.plan(work, csv);
    for (int round = 1; round <= Integer.parseInt(args[1]); round++) {
      long started = System.nanoTime();
      RunResult run;
      try (JdbcRunStore store = JdbcRunStore.open(settings.runStore())) {
        run =
            new RunService(
                    new SparkStepExecutor(spark, Map.of()),
                    store,
                    RunListener.NONE,
                    RunClock.SYSTEM,
                    AlertSender.HTTP)
                .run(plan, RunRequest.only(Optional.of(args[0]), false, Duration.ofMinutes(1)));
      }
      System.out.printf(
          Locale.ROOT,
          "round %d: %s %.2fs %s %s%n",
          round,
          args[0],
          (System.nanoTime() - started) / 1e9,
          run.error(),
          run.steps().get(0).duration());
      io.sluice.core.plan.PlannedDataset d =
          plan.datasets().stream().filter(x -> x.name().equals(args[0])).findFirst().get();
      if (d.spec().definition() instanceof io.sluice.spec.DatasetDefinition.SqlQuery q) {
        started = System.nanoTime();
        String keep =
            d.spec().expectations().stream()
                .filter(c -> !c.onFail().name().equals("WARN"))
                .map(c -> "(" + c.check() + ")")
                .collect(java.util.stream.Collectors.joining(" AND "));
        org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> frame = spark.sql(q.sql());
        if (!keep.isEmpty()) frame = frame.where(keep);
        frame = frame.drop(d.spec().helperColumns().toArray(String[]::new));
        spark.sql("CREATE NAMESPACE IF NOT EXISTS probe");
        frame.writeTo("probe.t").using("iceberg").createOrReplace();
        System.out.printf(
            Locale.ROOT, "round %d: hand %.2fs%n", round, (System.nanoTime() - started) / 1e9);
      }
    }
    spark.stop();
  }
}
