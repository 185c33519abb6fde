package io.sluice.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.days;

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
import io.sluice.examples.taxi.TaxiGenerator;
import io.sluice.scheduler.AlertSender;
import io.sluice.scheduler.RunRequest;
import io.sluice.scheduler.RunService;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.EngineSettings;
import io.sluice.spec.ExpectationSpec;
import io.sluice.spec.LoadRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The taxi-fares load on N generated trips (55 million by default, the seed's Kaggle file): CSV to
 * bronze (explicit types, one row per key) to silver (the seed's rules, features, partitioned by
 * pickup day), three ways in one JVM and one Spark session:
 *
 * <ol>
 *   <li>Sluice: bronze.trips and silver.trips of examples/taxi-fares through the runner (bad-record
 *       policy, merge by key, every rule's failures quarantined and counted, run store);
 *   <li>hand-written: the same in plain Spark (the same SQL, the rules as a WHERE, rejected rows
 *       dropped, no accounting): the limit;
 *   <li>naive: the shell era, one job per day partition ({@code INSERT INTO ... SELECT ... WHERE
 *       day = D} over the staged bronze table, as a loop of Hive statements did), timed on a few
 *       days and extrapolated to all of them.
 * </ol>
 *
 * A small warm-up file runs both first, so that neither pays for the cold JVM alone. Then a query
 * of one day, and the files Iceberg plans for it.
 */
public final class TaxiLoadBench {
  private static final StructType SCHEMA =
      new StructType()
          .add("key", DataTypes.StringType)
          .add("fare_amount", DataTypes.DoubleType)
          .add("pickup_datetime", DataTypes.StringType)
          .add("pickup_longitude", DataTypes.DoubleType)
          .add("pickup_latitude", DataTypes.DoubleType)
          .add("dropoff_longitude", DataTypes.DoubleType)
          .add("dropoff_latitude", DataTypes.DoubleType)
          .add("passenger_count", DataTypes.IntegerType);

  private TaxiLoadBench() {}

  public static void main(String[] args) throws Exception {
    long rows = 55_000_000;
    int naiveDays = 3;
    boolean queryOnly = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows" -> rows = Long.parseLong(args[++i]);
        case "--naive-days" -> naiveDays = Integer.parseInt(args[++i]);
        case "--query-only" -> queryOnly = true;
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; use --rows N --naive-days D, or --query-only (the one-day query on the"
                    + " lake the last run left)");
      }
    }
    Path work = Files.createDirectories(Path.of("bench", "target", "work"));
    EngineSettings settings =
        new EngineSettings(
            work.resolve("lake-taxi").toString(),
            "local[*]",
            Map.of(),
            "jdbc:h2:file:" + work.resolve("runs-taxi"));
    SparkSession spark = SparkSessions.create("taxi-bench", settings);
    spark.conf().set("spark.sql.catalog.hand", "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set("spark.sql.catalog.hand.type", "hadoop");
    spark
        .conf()
        .set("spark.sql.catalog.hand.warehouse", work.resolve("lake-taxi-hand").toUri().toString());
    if (queryOnly) {
      oneDay(spark);
      spark.stop();
      return;
    }
    Path csv = generated(work, rows);
    Path warmup = generated(work, 200_000);
    System.out.printf(
        Locale.ROOT,
        "taxi-fares load, %,d rows (%,d MB of CSV), Spark %s, %d cores, heap %,d MB%n",
        rows,
        Files.size(csv) >> 20,
        spark.version(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    // warm-up on the small file: both variants once, results thrown away
    sluice(spark, settings, work, warmup);
    handWritten(spark, work, plan(work, warmup));
    System.out.println("warm-up done");

    Plan plan = plan(work, csv);
    double hand = handWritten(spark, work, plan);
    Load load = sluice(spark, settings, work, csv);
    double naivePerDay = naive(spark, plan, naiveDays);
    long days = count(spark, "SELECT count(DISTINCT pickup_day) FROM hand.silver.trips");

    System.out.println();
    for (StepResult step : load.steps()) {
      System.out.printf(
          Locale.ROOT,
          "  sluice %-14s %,12d in %,12d out %,10d quarantined %8.1fs %,10.0f rows/s%n",
          step.name(),
          step.rowsIn(),
          step.rowsOut(),
          step.quarantined(),
          step.duration().toMillis() / 1000.0,
          step.rowsIn() / Math.max(0.001, step.duration().toMillis() / 1000.0));
    }
    long files = count(spark, "SELECT count(*) FROM lake.silver.trips.files");
    long partitions = count(spark, "SELECT count(*) FROM lake.silver.trips.partitions");
    long handFiles = count(spark, "SELECT count(*) FROM hand.silver.trips.files");
    System.out.printf(
        Locale.ROOT,
        "  silver.trips: %,d day partitions, %,d data files (hand-written: %,d files)%n",
        partitions,
        files,
        handFiles);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "sluice        %7.1fs  %,10.0f rows/s  (target <= 240 s, the seed's cluster time)%n",
        load.seconds(),
        rows / load.seconds());
    System.out.printf(Locale.ROOT, "hand-written  %7.1fs  %,10.0f rows/s%n", hand, rows / hand);
    double naive = naivePerDay * days;
    System.out.printf(
        Locale.ROOT,
        "naive         %7.1fs  %,10.0f rows/s  (one job per day: %.2f s a day measured on %d days,"
            + " x %,d days)%n",
        naive,
        rows / naive,
        naivePerDay,
        naiveDays,
        days);
    System.out.printf(Locale.ROOT, "sluice / hand-written = %.3f%n", load.seconds() / hand);
    System.out.printf(Locale.ROOT, "naive / hand-written  = %.1f%n", naive / hand);
    oneDay(spark);
    spark.stop();
  }

  /** The CSV of {@code rows} generated trips under {@code work}, written once (seed 42). */
  private static Path generated(Path work, long rows) throws IOException {
    Path csv = work.resolve("taxi-" + rows + ".csv");
    if (!Files.exists(csv)) {
      long started = System.nanoTime();
      Path partial = csv.resolveSibling(csv.getFileName() + ".partial");
      new TaxiGenerator(42).write(partial, rows);
      Files.move(partial, csv);
      System.out.printf(
          Locale.ROOT,
          "generated %,d trips (%,d MB) in %.1fs%n",
          rows,
          Files.size(csv) >> 20,
          seconds(started));
    }
    return csv;
  }

  /** The taxi-fares plan over {@code csv}: every day of the file into silver. */
  private static Plan plan(Path work, Path csv) {
    return Planner.load(
        Path.of("examples/taxi-fares/pipeline.yaml"),
        new LoadRequest(
            "local",
            Map.of(
                "input",
                csv.toString(),
                "data",
                work.resolve("taxi-data").toString(),
                "from",
                "2009-01-01",
                "to",
                "2015-06-30"),
            System::getenv),
        ConnectorRegistry.load(),
        new SparkSqlAnalyzer());
  }

  record Load(double seconds, List<StepResult> steps) {}

  /** bronze.trips then silver.trips through the runner, into an empty lake. */
  private static Load sluice(SparkSession spark, EngineSettings settings, Path work, Path csv)
      throws IOException {
    Plan plan = plan(work, csv);
    for (String namespace : List.of("bronze", "silver")) {
      spark.sql("DROP TABLE IF EXISTS lake." + namespace + ".trips PURGE");
      spark.sql("DROP TABLE IF EXISTS lake." + namespace + ".trips__quarantine PURGE");
    }
    BenchFiles.deleteRecursively(work.resolve("lake-taxi"));
    long started = System.nanoTime();
    List<StepResult> steps = new ArrayList<>();
    try (JdbcRunStore store = JdbcRunStore.open(settings.runStore())) {
      RunService runs =
          new RunService(
              new SparkStepExecutor(spark, Map.of()),
              store,
              RunListener.NONE,
              RunClock.SYSTEM,
              AlertSender.HTTP);
      for (String step : List.of("bronze.trips", "silver.trips")) {
        RunResult last = runs.run(plan, RunRequest.step(step));
        if (last.error().isPresent()) {
          throw new IllegalStateException(step + " failed: " + last.error().get());
        }
        steps.addAll(last.steps());
      }
    }
    double seconds = seconds(started);
    return new Load(seconds, steps);
  }

  /** The same load in plain Spark: the same SQL and rules, rejected rows dropped, no accounting. */
  private static double handWritten(SparkSession spark, Path work, Plan plan) throws IOException {
    BenchFiles.deleteRecursively(work.resolve("lake-taxi-hand"));
    PlannedDataset silver = silver(plan);
    String input = plan.spec().parameters().get("input");
    spark.sql("SET CATALOG hand");
    try {
      long started = System.nanoTime();
      spark.sql("CREATE NAMESPACE IF NOT EXISTS hand.bronze");
      spark.sql("CREATE NAMESPACE IF NOT EXISTS hand.silver");
      spark
          .read()
          .option("header", true)
          .schema(SCHEMA)
          .csv(input)
          .dropDuplicates("key")
          .writeTo("hand.bronze.trips")
          .using("iceberg")
          .createOrReplace();
      String rules = rules(silver);
      Dataset<Row> rows =
          spark.sql(((DatasetDefinition.SqlQuery) silver.spec().definition()).sql()).where(rules);
      rows.writeTo("hand.silver.trips")
          .using("iceberg")
          .partitionedBy(days(col("pickup_at")))
          .tableProperty("write.distribution-mode", "hash")
          .tableProperty("write.spark.fanout.enabled", "false")
          .createOrReplace();
      return seconds(started);
    } finally {
      spark.sql("SET CATALOG lake");
    }
  }

  /**
   * The shell era: a job per day, each an INSERT of that day's rows selected from the staged bronze
   * table; the mean seconds a day over {@code days} days spread over the years.
   */
  private static double naive(SparkSession spark, Plan plan, int days) throws Exception {
    PlannedDataset silver = silver(plan);
    String rules = rules(silver);
    String sql = ((DatasetDefinition.SqlQuery) silver.spec().definition()).sql();
    spark.sql("SET CATALOG hand");
    try {
      spark.sql("DROP TABLE IF EXISTS hand.silver.trips_naive");
      spark
          .sql(sql)
          .where("false")
          .writeTo("hand.silver.trips_naive")
          .using("iceberg")
          .partitionedBy(days(col("pickup_at")))
          .create();
      double total = 0;
      for (int i = 0; i < days; i++) {
        String day = String.format(Locale.ROOT, "%d-%02d-15", 2009 + (i * 2) % 6, 1 + (i * 5) % 12);
        long started = System.nanoTime();
        spark
            .sql(sql)
            .where(rules + " AND pickup_day = DATE'" + day + "'")
            .writeTo("hand.silver.trips_naive")
            .append();
        double seconds = seconds(started);
        System.out.printf(Locale.ROOT, "  naive: day %s in %.1fs%n", day, seconds);
        total += seconds;
      }
      return total / days;
    } finally {
      spark.sql("SET CATALOG lake");
    }
  }

  private static PlannedDataset silver(Plan plan) {
    return plan.datasets().stream()
        .filter(d -> d.name().equals("silver.trips"))
        .findFirst()
        .orElseThrow();
  }

  /** The seed's rules of silver.trips as one condition a kept row meets. */
  private static String rules(PlannedDataset silver) {
    return silver.spec().expectations().stream()
        .map(ExpectationSpec::check)
        .map(check -> "(" + check + ")")
        .collect(Collectors.joining(" AND "));
  }

  /** A query of one day on Sluice's silver: the files Iceberg plans, and the time it takes. */
  private static void oneDay(SparkSession spark) {
    String day = "2014-05-01";
    long all = count(spark, "SELECT count(*) FROM lake.silver.trips.files");
    long planned =
        count(
            spark,
            "SELECT count(*) FROM lake.silver.trips.files"
                + " WHERE partition.pickup_at_day = DATE'"
                + day
                + "'");
    long started = System.nanoTime();
    Row result =
        spark
            .sql(
                "SELECT count(*), round(avg(fare_amount), 2) FROM lake.silver.trips"
                    + " WHERE pickup_at >= TIMESTAMP'"
                    + day
                    + " 00:00:00' AND pickup_at < TIMESTAMP'"
                    + day
                    + " 00:00:00' + INTERVAL 1 DAY")
            .first();
    double seconds = seconds(started);
    String scan =
        spark
            .sql(
                "EXPLAIN SELECT avg(fare_amount) FROM lake.silver.trips WHERE pickup_at >="
                    + " TIMESTAMP'"
                    + day
                    + " 00:00:00' AND pickup_at < TIMESTAMP'"
                    + day
                    + " 00:00:00' + INTERVAL 1 DAY")
            .first()
            .getString(0)
            .lines()
            .filter(line -> line.contains("BatchScan"))
            .findFirst()
            .orElse("(no scan in the plan)")
            .trim();
    System.out.printf(
        Locale.ROOT,
        "one day (%s): %,d trips, average fare %s, in %.2fs; files planned %d of %,d%n  %s%n",
        day,
        result.getLong(0),
        result.get(1),
        seconds,
        planned,
        all,
        scan.length() > 300 ? scan.substring(0, 300) + " ..." : scan);
  }

  private static long count(SparkSession spark, String sql) {
    return spark.sql(sql).first().getLong(0);
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
