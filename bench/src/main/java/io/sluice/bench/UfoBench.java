package io.sluice.bench;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.Planner;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.engine.spark.SparkStepExecutor;
import io.sluice.examples.ufo.UfoGenerator;
import io.sluice.scheduler.AlertSender;
import io.sluice.scheduler.RunRequest;
import io.sluice.scheduler.RunService;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.EngineSettings;
import io.sluice.spec.ExpectationSpec;
import io.sluice.spec.LoadRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The UFO pipeline on N generated rows, three ways in one JVM and one Spark session:
 *
 * <ol>
 *   <li>Sluice: the pipeline file through the planner and runner (checks, quarantine, observed
 *       counts, run store);
 *   <li>hand-written: the same SQL as a plain Spark job writing the same Iceberg tables, checks as
 *       WHERE clauses, no accounting (the limit);
 *   <li>naive: what a quick job does for row counts: schema inference on read and a count() before
 *       and after every write.
 * </ol>
 *
 * Rounds alternate the three; the best round of each is reported.
 */
public final class UfoBench {
  private UfoBench() {}

  public static void main(String[] args) throws Exception {
    RowsAndRounds parsed = RowsAndRounds.parse(args, 1_000_000, 3);
    long rows = parsed.rows();
    int rounds = parsed.rounds();
    Path work = Files.createDirectories(Path.of("bench", "target", "work"));
    Path csv = work.resolve("ufo-" + rows + ".csv");
    if (!Files.exists(csv)) {
      long started = System.nanoTime();
      new UfoGenerator(42).write(csv, rows);
      System.out.printf(
          Locale.ROOT,
          "generated %,d rows (%,d MB) in %.1fs%n",
          rows,
          Files.size(csv) >> 20,
          seconds(started));
    }
    EngineSettings settings = settings(work);
    SparkSession spark = SparkSessions.create("bench", settings);
    spark.conf().set("spark.sql.catalog.hand", "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set("spark.sql.catalog.hand.type", "hadoop");
    spark
        .conf()
        .set("spark.sql.catalog.hand.warehouse", work.resolve("lake-hand").toUri().toString());
    Plan plan = plan(work, csv);
    System.out.printf(
        Locale.ROOT,
        "UFO pipeline, %,d rows, Spark %s, %d cores, %d rounds%n",
        rows,
        spark.version(),
        Runtime.getRuntime().availableProcessors(),
        rounds);

    double bestSluice = Double.MAX_VALUE;
    double bestHand = Double.MAX_VALUE;
    double bestNaive = Double.MAX_VALUE;
    List<Double> warmSluice = new ArrayList<>();
    List<Double> warmHand = new ArrayList<>();
    RunResult lastRun = null;
    for (int round = 1; round <= rounds; round++) {
      // Alternate the order so that neither side always runs on a colder JVM.
      double hand = 0;
      double naive = 0;
      if (round % 2 == 0) {
        hand = timed(() -> handWritten(spark, plan, csv, false));
        naive = timed(() -> handWritten(spark, plan, csv, true));
      }
      long started = System.nanoTime();
      try (JdbcRunStore store = JdbcRunStore.open(settings.runStore())) {
        lastRun =
            new RunService(
                    new SparkStepExecutor(spark, Map.of()),
                    store,
                    RunListener.NONE,
                    RunClock.SYSTEM,
                    AlertSender.HTTP)
                .run(plan, RunRequest.only(Optional.empty(), false, Duration.ofMinutes(1)));
      }
      double sluice = seconds(started);
      if (!lastRun.error().isEmpty()) {
        throw new IllegalStateException("Sluice run failed: " + lastRun.error().get());
      }
      if (round % 2 == 1) {
        hand = timed(() -> handWritten(spark, plan, csv, false));
        naive = timed(() -> handWritten(spark, plan, csv, true));
      }
      System.out.printf(
          Locale.ROOT,
          "round %d: sluice %.1fs, hand-written %.1fs, naive %.1fs%n",
          round,
          sluice,
          hand,
          naive);
      bestSluice = Math.min(bestSluice, sluice);
      bestHand = Math.min(bestHand, hand);
      bestNaive = Math.min(bestNaive, naive);
      if (round > 1) { // round 1 runs on a cold JVM
        warmSluice.add(sluice);
        warmHand.add(hand);
      }
    }
    System.out.println();
    System.out.println("step (last Sluice round)          rows in   seconds       rows/s");
    for (StepResult step : lastRun.steps()) {
      System.out.printf(
          Locale.ROOT,
          "%-32s %,11d %8.2fs %,12.0f%n",
          step.name(),
          step.rowsIn(),
          step.duration().toMillis() / 1000.0,
          step.rowsIn() / Math.max(0.001, step.duration().toMillis() / 1000.0));
    }
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "best of %d: sluice %.1fs | hand-written Spark %.1fs | naive %.1fs%n",
        rounds,
        bestSluice,
        bestHand,
        bestNaive);
    System.out.printf(
        Locale.ROOT,
        "sluice / hand-written = %.3f (overhead %+.1f%%; target <= +15%%)%n",
        bestSluice / bestHand,
        100 * (bestSluice / bestHand - 1));
    System.out.printf(Locale.ROOT, "naive / hand-written  = %.3f%n", bestNaive / bestHand);
    if (!warmSluice.isEmpty()) {
      System.out.printf(
          Locale.ROOT,
          "medians of rounds 2-%d: sluice %.1fs, hand-written %.1fs (ratio %.3f)%n",
          rounds,
          median(warmSluice),
          median(warmHand),
          median(warmSluice) / median(warmHand));
    }
    System.out.printf(
        Locale.ROOT,
        "end-to-end rows/s: sluice %,.0f, hand-written %,.0f, naive %,.0f%n",
        rows / bestSluice,
        rows / bestHand,
        rows / bestNaive);
    spark.stop();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** The engine settings of the bench: a lake and run store under {@code work}. */
  static EngineSettings settings(Path work) {
    return new EngineSettings(
        work.resolve("lake").toString(),
        "local[*]",
        Map.of(),
        "jdbc:h2:file:" + work.resolve("runs"));
  }

  /** The UFO example's plan over {@code csv}, its exports under {@code work}. */
  static Plan plan(Path work, Path csv) {
    return Planner.load(
        Path.of("examples/ufo-sightings/pipeline.yaml"),
        new LoadRequest(
            "local",
            Map.of("input", csv.toString(), "out", work.resolve("out").toString()),
            System::getenv),
        ConnectorRegistry.load(),
        new SparkSqlAnalyzer());
  }

  /** The same tables written with plain Spark into the catalog "hand". */
  private static void handWritten(SparkSession spark, Plan plan, Path csv, boolean naive) {
    spark.sql("SET CATALOG hand");
    try {
      Dataset<Row> raw =
          spark
              .read()
              .option("header", true)
              .option("escape", "\"")
              .option("inferSchema", naive)
              .csv(csv.toString());
      List<org.apache.spark.sql.Column> columns = UfoHandJob.bronzeColumns(raw, "hand");
      spark.sql("CREATE NAMESPACE IF NOT EXISTS hand.bronze");
      long started = System.nanoTime();
      write(
          spark,
          raw.select(columns.toArray(org.apache.spark.sql.Column[]::new)),
          "hand.bronze.sightings",
          naive);
      StringBuilder stages =
          new StringBuilder(String.format(Locale.ROOT, "bronze %.1fs", seconds(started)));
      for (PlannedDataset dataset : plan.datasets()) {
        if (!(dataset.spec().definition() instanceof DatasetDefinition.SqlQuery query)) {
          continue;
        }
        spark.sql("CREATE NAMESPACE IF NOT EXISTS hand." + dataset.spec().namespace());
        Dataset<Row> frame = spark.sql(query.sql());
        String keep =
            dataset.spec().expectations().stream()
                .filter(check -> !check.onFail().name().equals("WARN"))
                .map(ExpectationSpec::check)
                .map(check -> "(" + check + ")")
                .collect(Collectors.joining(" AND "));
        if (!keep.isEmpty()) {
          frame = frame.where(keep);
        }
        frame = frame.drop(dataset.spec().helperColumns().toArray(String[]::new));
        started = System.nanoTime();
        write(spark, frame, "hand." + dataset.name(), naive);
        if (dataset.name().startsWith("silver")) {
          stages.append(String.format(Locale.ROOT, ", %s %.1fs", dataset.name(), seconds(started)));
        }
      }
      spark
          .table("hand.gold.sightings_by_country")
          .coalesce(1)
          .write()
          .mode("overwrite")
          .option("header", true)
          .csv(csv.resolveSibling("hand-out").toString());
      System.out.println("  " + (naive ? "naive" : "hand-written") + ": " + stages);
    } finally {
      spark.sql("SET CATALOG lake");
    }
  }

  private static void write(SparkSession spark, Dataset<Row> frame, String table, boolean naive) {
    if (naive) {
      frame.count();
    }
    frame.writeTo(table).using("iceberg").createOrReplace();
    if (naive) {
      spark.table(table).count();
    }
  }

  private static double timed(Runnable job) {
    long started = System.nanoTime();
    job.run();
    return seconds(started);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
