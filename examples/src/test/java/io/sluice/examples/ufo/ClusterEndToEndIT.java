package io.sluice.examples.ufo;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.Main;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.spec.EngineSettings;
import io.sluice.testing.ChildJvm;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingKafka;
import io.sluice.testing.TestingPostgres;
import io.sluice.testing.TestingS3;
import io.sluice.testing.TestingSparkCluster;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelines on a real Spark cluster: a standalone Master and two Workers as child JVMs whose
 * SPARK_HOME holds only a Spark distribution's jars (and S3 support, as EMR's), the lake on an S3
 * API server (s3proxy) in a JDBC catalog on PostgreSQL, the run store in PostgreSQL, Kafka in the
 * test's JVM (the CLI, the drivers and the executors reach it as an external broker). Sluice's jars
 * reach the cluster only through what `sluice package` wrote. First the Maple scoring step with its
 * driver on the cluster (deploy mode cluster), the model read from S3; then the UFO Kappa pipeline
 * with a Worker killed while its stream runs. Both give the gold tables of a local run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEndToEndIT {
  @TempDir static Path work;
  private static TestingS3 s3;
  private static TestingSparkCluster cluster;
  private static Path packaged;

  @BeforeAll
  static void startTheCluster() throws Exception {
    s3 = TestingS3.start(work.resolve("s3"), "lake");
    List<Path> s3Support = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (S3_SUPPORT.stream().anyMatch(name::startsWith)) {
        s3Support.add(Path.of(entry));
      }
    }
    assertThat(s3Support).as("hadoop-aws and the AWS SDK on the test class path").hasSize(4);
    cluster = TestingSparkCluster.start(work.resolve("cluster"), 2, 2, 3072, s3Support);
    packaged = work.resolve("package");
    List<String> args = new ArrayList<>(List.of("package", "-o", packaged.toString()));
    S3_SUPPORT.forEach(prefix -> args.addAll(List.of("--exclude", prefix + "*.jar")));
    TestingConsole.Captured<Integer> pack =
        TestingConsole.capture(() -> Main.execute(args.toArray(String[]::new)));
    assertThat(pack.result()).as(pack.out() + pack.err()).isZero();
    System.out.println("sluice package: " + pack.out().strip());
  }

  @AfterAll
  static void stopTheCluster() {
    if (cluster != null) {
      cluster.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  /** The jars the cluster has for S3 (as EMR's): `sluice package` leaves them out. */
  private static final List<String> S3_SUPPORT =
      List.of("hadoop-aws-", "bundle-", "analyticsaccelerator-s3-", "wildfly-openssl-");

  @Test
  @Order(1)
  void scoringDriverRunsOnTheClusterReportsToTheRunStoreAndMatchesLocal() throws Exception {
    Path names = work.resolve("names.csv");
    List<String> lines = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 3_000; i++) {
      lines.add(io.sluice.examples.maple.MaplePopulation.twoCharacterName(random));
    }
    Files.write(names, lines);
    Path model = RepositoryFiles.resolve("examples/maple-nicknames/models/korean-sentiment");
    upload(names, "s3a://lake/input/names.csv");
    for (String file : List.of("model.onnx", "tokenizer.json", "config.json")) {
      upload(model.resolve(file), "s3a://lake/models/korean-sentiment/" + file);
    }
    String catalog = TestingPostgres.newDatabase("e2e_scoring_catalog");
    String runStore = TestingPostgres.newDatabase("e2e_runs");
    Path pipeline = work.resolve("maple-scoring.yaml");
    Files.writeString(
        pipeline,
        String.join(
            "\n",
            "pipeline: maple-scoring",
            "parameters:",
            "  names: { default: '" + names + "' }",
            "  model: { default: '" + model + "' }",
            "lake: " + work.resolve("scoring-local-lake"),
            "run_store: jdbc:h2:file:" + work.resolve("scoring-local-runs"),
            "sources:",
            "  names: { type: file, format: csv, header: false, path: '${names}',"
                + " columns: { name: string } }",
            "datasets:",
            "  silver.names: { from: names, metadata: false }",
            "  gold.scores:",
            "    score: { input: silver.names, text: name, model: '${model}',"
                + " positive_label: positive, batch_size: 64 }",
            "profiles:",
            "  local: {}",
            "  cluster:",
            "    parameters:",
            "      names: s3a://lake/input/names.csv",
            "      model: s3a://lake/models/korean-sentiment",
            clusterSettings("deploy_mode: cluster", "s3a://lake/maple", catalog, runStore),
            ""));
    TestingConsole.Captured<Integer> local =
        TestingConsole.capture(() -> Main.execute("run", pipeline.toString()));
    assertThat(local.result()).as(local.out() + local.err()).isZero();

    long started = System.nanoTime();
    String output = runCli(pipeline, "scoring", "run", "--profile", "cluster");
    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(output)
        .contains("Submitting the driver of maple-scoring to " + cluster.masterUrl())
        .contains("(deploy mode cluster")
        .containsPattern("The driver reports run \\S+ to jdbc:postgresql:")
        .containsPattern("gold\\.scores +3,000 in +3,000 out")
        .containsPattern("Run \\S+ succeeded in [0-9.]+s \\(on the cluster\\)");
    Matcher id = Pattern.compile("The driver reports run (\\S+) to").matcher(output);
    assertThat(id.find()).isTrue();
    try (JdbcRunStore store = JdbcRunStore.open(runStore)) {
      RunRecord run = store.run(id.group(1)).orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(store.steps(run.runId()).stream().map(StepRecord::rowsOut))
          .containsExactly(3_000L, 3_000L);
    }
    // `sluice runs` on this machine sees the run its driver recorded on the cluster
    TestingConsole.Captured<Integer> runs =
        TestingConsole.capture(() -> Main.execute("runs", "--store", runStore));
    assertThat(runs.result()).as(runs.err()).isZero();
    assertThat(runs.out()).contains(id.group(1)).contains("maple-scoring");

    // the driver ran in a Worker; each executor loaded the model from S3 once, the driver never
    long drivers = 0;
    long loads = 0;
    for (Path stderr : cluster.stderrFiles()) {
      String text = Files.readString(stderr);
      long loaded = text.lines().filter(l -> l.contains("Loaded classifier")).count();
      if (stderr.toString().contains("driver-")) {
        drivers++;
        assertThat(loaded).as(stderr.toString()).isZero();
      } else {
        assertThat(loaded).as(stderr + ":\n" + text).isLessThanOrEqualTo(1);
        loads += loaded;
      }
    }
    assertThat(drivers).as("driver folders of the Workers").isEqualTo(1);
    assertThat(loads).as("executors that loaded the model").isEqualTo(2);
    System.out.printf(
        "E2E scoring: 3,000 names scored on the cluster in %.1fs (submit to exit)%n", seconds);

    try (SparkSession spark = session("s3a://lake/maple", catalog)) {
      assertThat(rows(spark, "lake.gold.scores"))
          .isEqualTo(
              rows(spark, reference(spark, work.resolve("scoring-local-lake")) + ".gold.scores"));
    }
  }

  @Test
  @Order(2)
  void kappaOnTheClusterLosesAWorkerAndKeepsEveryEventExactlyOnce() throws Exception {
    Path csv = work.resolve("ufo.csv");
    new UfoGenerator(11).write(csv, 5_000);
    List<String> all = Files.readAllLines(csv);
    Path first = work.resolve("ufo-1.csv");
    Path second = work.resolve("ufo-2.csv");
    Files.write(first, all.subList(0, 2_501));
    List<String> rest = new ArrayList<>(List.of(all.get(0)));
    rest.addAll(all.subList(2_501, all.size()));
    Files.write(second, rest);
    UfoRun.of(work.resolve("ufo-local"), csv, "ufo-local.json"); // the local batch reference

    String catalog = TestingPostgres.newDatabase("e2e_ufo_catalog");
    String runStore = TestingPostgres.newDatabase("e2e_ufo_runs");
    Path pipeline = work.resolve("ufo-cluster.yaml");
    Files.writeString(pipeline, withClusterProfile(catalog, runStore));

    int port = UfoServe.freePort();
    Process serve =
        ChildJvm.start(
            work,
            Main.class.getName(),
            List.of("serve", pipeline.toString(), "--profile", "e2e", "--port", "" + port),
            Map.of("UFO_INGEST_KEY", "e2e-key"),
            work.resolve("serve.log"));
    Path streamLog = work.resolve("ufo-stream.log");
    Process stream = null;
    try {
      UfoServe.awaitHealthy(port, serve, work.resolve("serve.log"));
      stream =
          ChildJvm.start(
              work,
              Main.class.getName(),
              List.of(
                  "run",
                  pipeline.toString(),
                  "--profile",
                  "e2e",
                  "--param",
                  "out=" + work.resolve("ufo-cluster-out"),
                  "--refresh",
                  "3600"),
              cluster.environment(),
              streamLog);
      replay(first, port);
      awaitLog(stream, streamLog, Pattern.compile("bronze\\.sightings +batch \\d+: [1-9]"));
      List<Long> killed = cluster.killWorker(0);
      assertThat(killed).as("the Worker and the executor it ran").hasSizeGreaterThanOrEqualTo(2);
      long killedAt = System.nanoTime();
      replay(second, port);
      try (SparkSession spark = session("s3a://lake/ufo", catalog)) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
        long rows = 0;
        while (rows < 5_000 && System.nanoTime() < deadline) {
          assertThat(stream.isAlive()).as(Files.readString(streamLog)).isTrue();
          rows = spark.table("lake.bronze.sightings").count();
          if (rows < 5_000) {
            Thread.sleep(2_000); // polling the table, bounded by the deadline
          }
        }
        System.out.printf(
            "E2E kill: bronze reached %,d rows %.1fs after the Worker was killed%n",
            rows, (System.nanoTime() - killedAt) / 1e9);
      }
    } finally {
      if (stream != null) {
        stream.destroy(); // SIGTERM: the stream stops after its micro-batch
        assertThat(stream.waitFor(3, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
      }
      serve.destroy();
      serve.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    // the batch datasets after the stream: silver and gold, on the Worker left
    String finish =
        runCli(
            pipeline,
            "ufo-finish",
            "run",
            "--profile",
            "e2e",
            "--once",
            "--param",
            "out=" + work.resolve("ufo-cluster-out"));
    assertThat(finish).contains("succeeded");

    try (SparkSession spark = session("s3a://lake/ufo", catalog)) {
      org.apache.spark.sql.Row counts =
          spark
              .sql("SELECT count(*), count(DISTINCT _key) FROM lake.bronze.sightings")
              .collectAsList()
              .get(0);
      System.out.printf(
          "E2E exactly once: expected 5,000, found %,d rows, %,d distinct keys, %,d duplicates%n",
          counts.getLong(0), counts.getLong(1), counts.getLong(0) - counts.getLong(1));
      assertThat(counts.getLong(0)).isEqualTo(5_000);
      assertThat(counts.getLong(1)).isEqualTo(5_000);
      String reference = reference(spark, work.resolve("ufo-local").resolve("lake"));
      for (String table : UfoRun.GOLD) {
        assertThat(rows(spark, "lake." + table))
            .as(table)
            .isNotEmpty()
            .isEqualTo(rows(spark, reference + "." + table));
      }
    }
  }

  private static final Path UFO = RepositoryFiles.resolve("examples/ufo-sightings/pipeline.yaml");

  /** The UFO pipeline file with profile e2e: the streaming profile's Kappa, on the cluster. */
  private static String withClusterProfile(String catalog, String runStore) throws Exception {
    String text = Files.readString(UFO);
    int start = text.indexOf("\n  streaming:\n") + 1;
    int end = text.indexOf("\nsources:\n", start) + 1;
    String streaming = text.substring(start, end);
    // a topic of its own: other tests of this JVM replay the same rows to the shared broker
    String kappa =
        streaming
            .substring(streaming.indexOf("    sources:\n"))
            .replace(
                "topic: ufo-sightings\n", "topic: ufo-sightings-e2e-" + System.nanoTime() + "\n");
    assertThat(kappa).contains("topic: ufo-sightings-e2e-");
    String profile =
        "  e2e:\n"
            + clusterSettings("deploy_mode: client", "s3a://lake/ufo", catalog, runStore)
            + "\n    kafka: '"
            + TestingKafka.bootstrapServers()
            + "'\n"
            + kappa;
    assertThat(text).contains("\nprofiles:\n");
    return text.replace("\nprofiles:\n", "\nprofiles:\n" + profile);
  }

  /** A profile's cluster keys (4-space indent): master, deploy mode, the package, S3, catalog. */
  private static String clusterSettings(
      String deployMode, String lake, String catalog, String runStore) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.cores.max", "2");
    conf.put("spark.executor.cores", "1");
    conf.put("spark.executor.memory", "768m");
    conf.put("spark.driver.memory", "1g");
    conf.putAll(s3.s3aSparkConf(work));
    return String.join(
        "\n",
        "    spark:",
        "      master: " + cluster.masterUrl(),
        "      " + deployMode,
        "      package: local:" + packaged,
        "      conf:",
        conf.entrySet().stream()
            .map(e -> "        " + e.getKey() + ": \"" + e.getValue() + "\"")
            .collect(Collectors.joining("\n")),
        "    lake: " + lake,
        "    catalog: jdbc",
        "    catalog_uri: '" + catalog + "'",
        "    run_store: '" + runStore + "'");
  }

  /** Runs the CLI in a child JVM with the cluster's environment; its output. */
  private static String runCli(Path pipeline, String name, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(args));
    command.add(1, pipeline.toString());
    Path log = work.resolve(name + ".log");
    Process process =
        ChildJvm.start(work, Main.class.getName(), command, cluster.environment(), log);
    boolean finished = process.waitFor(8, java.util.concurrent.TimeUnit.MINUTES);
    if (!finished) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(finished).as("finished in time:\n" + output).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static void replay(Path csv, int port) throws Exception {
    assertThat(UfoServe.replay(csv, port, work, "e2e-key", 250)).contains("acked 2,500, failed 0");
  }

  /** Waits until the process's log has a line matching {@code pattern} (five minutes at most). */
  private static void awaitLog(Process process, Path log, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      String text = Files.readString(log);
      if (pattern.matcher(text).find()) {
        return;
      }
      assertThat(process.isAlive()).as(text).isTrue();
      Thread.sleep(500); // polling the log, bounded by the deadline
    }
    throw new AssertionError("no line matched " + pattern + ":\n" + Files.readString(log));
  }

  private static void upload(Path file, String uri) throws Exception {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
    s3.s3aSparkConf(work)
        .forEach((key, value) -> conf.set(key.substring("spark.hadoop.".length()), value));
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(uri);
    target
        .getFileSystem(conf)
        .copyFromLocalFile(new org.apache.hadoop.fs.Path(file.toUri()), target);
  }

  /** A local session on the S3 lake's JDBC catalog (as catalog {@code lake}). */
  private static SparkSession session(String lake, String catalog) {
    return SparkSessions.create(
        "e2e-check",
        new EngineSettings(
            lake,
            "local[2]",
            s3.s3aSparkConf(work),
            "jdbc:h2:mem:e2e",
            EngineSettings.EMBEDDED_KAFKA,
            EngineSettings.JDBC_CATALOG,
            catalog));
  }

  /** Registers the local lake {@code folder} (Hadoop catalog) in {@code spark}; its name. */
  private static String reference(SparkSession spark, Path folder) {
    String name = "reference_" + Integer.toHexString(folder.hashCode() & 0xffff);
    spark.conf().set("spark.sql.catalog." + name, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set("spark.sql.catalog." + name + ".type", "hadoop");
    spark.conf().set("spark.sql.catalog." + name + ".warehouse", folder.toUri().toString());
    return name;
  }

  /** The table's rows as sorted text (doubles rounded to absorb summation order). */
  private static List<String> rows(SparkSession spark, String table) {
    List<String> result = new ArrayList<>();
    for (org.apache.spark.sql.Row row : spark.table(table).collectAsList()) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < row.length(); i++) {
        Object value = row.get(i);
        text.append(
                value instanceof Double d
                    ? String.format(java.util.Locale.ROOT, "%.4f", d)
                    : value instanceof Float f
                        ? String.format(java.util.Locale.ROOT, "%.4f", f)
                        : String.valueOf(value))
            .append('|');
      }
      result.add(text.toString());
    }
    result.sort(null);
    return result;
  }
}
