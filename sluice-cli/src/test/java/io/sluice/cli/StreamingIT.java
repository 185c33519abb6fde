package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.services.EmbeddedKafka;
import io.sluice.testing.ChildJvm;
import io.sluice.testing.TestingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streaming datasets against a real broker: Kafka -> Iceberg micro-batches, bad values quarantined,
 * and exactly once across {@code kill -9} of the streaming run.
 */
class StreamingIT {
  private static final Pattern BATCH = Pattern.compile("bronze\\.events\\s+batch ([0-9,]+):");

  @TempDir Path dir;

  @Test
  void drainsTheTopicIntoBronzeOncePerRecordAndQuarantinesBadValues() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      produce(kafka, 0, 1_000);
      send(kafka, "not json", "{\"id\": \"seven\", \"name\": \"x\"}");
      // every micro-batch leaves only the newest snapshot: old ones are expired as the stream runs
      Path pipeline =
          pipeline(
              kafka, "1 second", "", "retention: { max_snapshot_age: 0s, min_snapshots: 1 }\n");

      JsonNode first = runOnce(pipeline, "first");
      assertThat(step(first, "bronze.events").get("kind").asText()).isEqualTo("stream");
      assertThat(counts(step(first, "bronze.events"))).containsExactly(1_002L, 1_000L, 2L, 0L);
      assertThat(query(pipeline, "SELECT n, ids FROM silver.counts"))
          .isEqualTo("n,ids\n1000,1000\n");
      assertThat(
              query(
                  pipeline,
                  "SELECT _origin, _record FROM bronze.events__quarantine ORDER BY _origin"))
          .isEqualTo(
              "_origin,_record\nevents/0@1000,not json\n"
                  + "events/0@1001,\"{\"\"id\"\": \"\"seven\"\", \"\"name\"\": \"\"x\"\"}\"\n");

      assertThat(
              query(
                  pipeline,
                  "SELECT _origin, _reasons[0] AS reason FROM bronze.events__quarantine ORDER BY _origin"))
          .isEqualTo(
              "_origin,reason\nevents/0@1000,the value is not JSON\n"
                  + "events/0@1001,\"the value is JSON, but a field does not fit its declared type"
                  + " (id bigint, name string)\"\n");

      produce(kafka, 1_000, 1_500);
      JsonNode second = runOnce(pipeline, "second");
      assertThat(counts(step(second, "bronze.events"))).containsExactly(500L, 500L, 0L, 0L);
      JsonNode third = runOnce(pipeline, "third");
      assertThat(counts(step(third, "bronze.events"))).containsExactly(0L, 0L, 0L, 0L);
      assertThat(query(pipeline, "SELECT n, ids FROM silver.counts"))
          .isEqualTo("n,ids\n1500,1500\n");
      assertThat(query(pipeline, "SELECT count(*) AS q FROM bronze.events__quarantine"))
          .isEqualTo("q\n2\n");
      assertThat(query(pipeline, "SELECT count(*) AS s FROM bronze.events.snapshots"))
          .isEqualTo("s\n1\n");
    }
  }

  /**
   * Kafka's own measure of lag, offsets behind the newest record, after each micro-batch: with
   * 1,000 records a batch over 5,000 records in one partition it falls by 1,000 a batch to 0.
   */
  @Test
  void eachMicroBatchReportsHowManyOffsetsTheStreamIsBehind() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      produce(kafka, 0, 5_000);
      Path pipeline = pipeline(kafka, "1 second", ", max_records_per_batch: 1000");
      JsonNode run = runOnce(pipeline, "lagging");
      assertThat(counts(step(run, "bronze.events"))).containsExactly(5_000L, 5_000L, 0L, 0L);
      List<Long> behind = new ArrayList<>();
      Pattern lag = Pattern.compile("Source events: ([0-9,]+) offsets behind the latest");
      try (io.sluice.core.store.JdbcRunStore store =
          io.sluice.core.store.JdbcRunStore.open("jdbc:h2:file:" + dir.resolve("runs"))) {
        for (io.sluice.core.store.LogLine line :
            store.log(run.get("run_id").asText(), "bronze.events", 1_000)) {
          Matcher matcher = lag.matcher(line.text());
          if (matcher.find()) {
            behind.add(Long.parseLong(matcher.group(1).replace(",", "")));
          }
        }
      }
      assertThat(behind).containsExactly(4_000L, 3_000L, 2_000L, 1_000L, 0L);
    }
  }

  /** The table is there, empty, from the stream's start: not only once a first record arrived. */
  @Test
  void aStreamOfAnEmptyTopicStillHasItsTable() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      try (org.apache.kafka.clients.admin.Admin admin =
          org.apache.kafka.clients.admin.Admin.create(
              Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin
            .createTopics(
                List.of(new org.apache.kafka.clients.admin.NewTopic("events", 1, (short) 1)))
            .all()
            .get(1, TimeUnit.MINUTES);
      }
      Path pipeline = pipeline(kafka, "1 second", "");
      JsonNode run = runOnce(pipeline, "empty");
      assertThat(counts(step(run, "bronze.events"))).containsExactly(0L, 0L, 0L, 0L);
      assertThat(query(pipeline, "SELECT n, ids FROM silver.counts")).isEqualTo("n,ids\n0,0\n");
    }
  }

  @Test
  void killNineThreeTimesLeavesEveryEventInBronzeExactlyOnce() throws Exception {
    int events = 200_000;
    long seed = System.nanoTime();
    Random random = new Random(seed);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      produce(kafka, 0, events);
      // the stream compacts and expires as it goes, so kills land in that housekeeping too
      String housekeeping =
          "retention: { max_snapshot_age: 0s, compact_min_files: 3,"
              + " stream_maintenance_interval: 1s }\n";
      Path pipeline =
          pipeline(kafka, "200 milliseconds", ", max_records_per_batch: 4000", housekeeping);
      List<String> kills = new ArrayList<>();
      for (int attempt = 0; attempt < 3; attempt++) {
        Path log = dir.resolve("stream-" + attempt + ".log");
        Process run = ChildJvm.start(dir, Main.class.getName(), runArgs(pipeline), Map.of(), log);
        int killAfter = 1 + random.nextInt(6);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        int seen = 0;
        // the first run is killed only once it has compacted: a running stream looks after its
        // tables (that housekeeping once stopped when the run's steps closed, streams still going)
        boolean compacted = attempt > 0;
        while ((seen < killAfter || !compacted) && run.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(100);
          String text = Files.readString(log);
          seen = batchesSeen(text);
          compacted = compacted || text.contains("compacted bronze.events");
        }
        assertThat(run.isAlive())
            .as("streaming run still running: " + Files.readString(log))
            .isTrue();
        assertThat(seen).as(Files.readString(log)).isGreaterThanOrEqualTo(killAfter);
        assertThat(compacted).as("compacted while running: " + Files.readString(log)).isTrue();
        Thread.sleep(random.nextInt(400)); // land anywhere inside the next micro-batch
        run.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        kills.add("after " + seen + " batches");
      }
      // the last run drains what is left in one batch: the per-batch cap only paced the kills
      JsonNode last = runOnce(pipeline(kafka, "200 milliseconds", "", housekeeping), "final");
      assertThat(step(last, "bronze.events").get("status").asText()).isEqualTo("succeeded");
      assertThat(
              query(
                  pipeline,
                  "SELECT count(*) AS n, count(DISTINCT id) AS ids, min(id) AS lo, max(id) AS hi FROM bronze.events"))
          .as("seed " + seed + ", kills " + kills)
          .isEqualTo("n,ids,lo,hi\n200000,200000,0,199999\n");
      // ~50 micro-batches wrote it; compacted, the table reads few files, and expiry removed the
      // files the compactions replaced: what is on disk is the table's files, and the output of a
      // write a kill cut short (a micro-batch's or a compaction's files never committed: Iceberg's
      // orphans, which expiry does not remove), never fewer
      String files = query(pipeline, "SELECT file_path FROM bronze.events.files");
      java.util.Set<String> referenced =
          files
              .lines()
              .skip(1)
              .map(line -> Path.of(java.net.URI.create(line)).getFileName().toString())
              .collect(java.util.stream.Collectors.toSet());
      assertThat(referenced.size()).as(files + last).isBetween(1, 3);
      assertThat(query(pipeline, "SELECT count(*) AS s FROM bronze.events.snapshots"))
          .isEqualTo("s\n1\n");
      try (java.util.stream.Stream<Path> onDisk =
          Files.walk(dir.resolve("lake").resolve("bronze").resolve("events").resolve("data"))) {
        java.util.Set<String> parquet =
            onDisk
                .map(f -> f.getFileName().toString())
                .filter(name -> name.endsWith(".parquet"))
                .collect(java.util.stream.Collectors.toSet());
        assertThat(parquet).as("parquet files of bronze.events on disk").containsAll(referenced);
        // a kill cuts short at most a micro-batch and a compaction running beside it, each
        // writing at most a file per task, and a task per core (2 here: local[*])
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(parquet.size() - referenced.size())
            .as("orphans after " + kills + ": " + parquet)
            .isLessThanOrEqualTo(2 * cores * kills.size());
      }
    }
  }

  @Test
  void aBrokerRestartDuringReplayLosesNoAcknowledgedRecordAndDuplicatesNone() throws Exception {
    int records = 100_000;
    Path events = dir.resolve("events.jsonl");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < records; i++) {
      lines.append("{\"id\": ").append(i).append(", \"name\": \"n").append(i);
      // every 1,000th record has a field the stream does not declare: kept, not lost
      lines.append(i % 1000 == 0 ? "\", \"nmae\": \"typo" + i + "\"}\n" : "\"}\n");
    }
    Files.writeString(events, lines);
    Path key = Files.writeString(dir.resolve("key.txt"), "restart-key\n");
    Path kafkaDir = dir.resolve("kafka");
    EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir);
    String bootstrap = kafka.bootstrapServers();
    Path pipeline = dir.resolve("ingest.yaml");
    Files.writeString(
        pipeline,
        """
        pipeline: ingest-it
        kafka: BOOTSTRAP
        sources:
          events:
            type: http-ingest
            stream: events
            api_keys: [restart-key]
            columns: { id: bigint, name: string }
        datasets:
          bronze.events: { from: events, mode: streaming, keys: [_key] }
        """
            .replace("BOOTSTRAP", bootstrap));
    io.sluice.core.plan.Plan plan =
        io.sluice.core.plan.Planner.load(
            pipeline,
            new io.sluice.spec.LoadRequest("local", Map.of(), System::getenv),
            io.sluice.core.ConnectorRegistry.load(),
            new io.sluice.engine.spark.SparkSqlAnalyzer());
    io.sluice.server.ingest.IngestServer server =
        io.sluice.server.ingest.IngestServer.start(
            io.sluice.server.ingest.IngestStream.of(plan),
            bootstrap,
            Map.of(),
            new io.sluice.server.ingest.IngestServer.Settings(
                "127.0.0.1", 0, 200_000, java.time.Duration.ofSeconds(3)));
    java.util.concurrent.ExecutorService replayer =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      java.util.concurrent.Future<TestingConsole.Captured<Integer>> replay =
          replayer.submit(
              () ->
                  TestingConsole.capture(
                      () ->
                          Main.execute(
                              "replay",
                              events.toString(),
                              "--to",
                              "http://127.0.0.1:" + server.port(),
                              "--stream",
                              "events",
                              "--batch",
                              "100",
                              "--rate",
                              "8000",
                              "--concurrency",
                              "8",
                              "--retries",
                              "30",
                              "--api-key-file",
                              key.toString())));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (server.accepted("events") < 30_000 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      long before = server.accepted("events");
      kafka.close(); // the broker goes away mid-replay, longer than the 3 s ack timeout ...
      Thread.sleep(6_000);
      kafka = EmbeddedKafka.start(kafkaDir); // ... and comes back on the same port with its data
      assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
      TestingConsole.Captured<Integer> replayed = replay.get(5, TimeUnit.MINUTES);
      System.out.println(
          "broker restarted after " + before + " acknowledged records; replay: " + replayed.out());
      assertThat(before).isBetween(30_000L, 99_000L);
      assertThat(replayed.result()).as(replayed.out() + replayed.err()).isZero();
      assertThat(replayed.out()).contains("sent 100,000, acked 100,000, failed 0");
      // requests failed while the broker was away (503) and were retried with their keys
      Matcher retries = Pattern.compile("Replayed: .*retries ([0-9,]+)").matcher(replayed.out());
      assertThat(retries.find()).isTrue();
      assertThat(Long.parseLong(retries.group(1).replace(",", ""))).isPositive();
    } finally {
      replayer.shutdownNow();
      server.close();
    }
    try {
      JsonNode run = runOnce(pipeline, "drain");
      JsonNode bronze = step(run, "bronze.events");
      assertThat(bronze.get("rows_out").asLong()).isEqualTo(records);
      assertThat(
              query(
                  pipeline,
                  "SELECT count(*) AS n, count(DISTINCT id) AS ids, count(DISTINCT _key) AS keys"
                      + " FROM bronze.events"))
          .isEqualTo("n,ids,keys\n100000,100000,100000\n");
      assertThat(
              query(
                  pipeline,
                  "SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM bronze.events"
                      + " WHERE get_json_object(_unknown_fields, '$.nmae') = concat('typo', id)"))
          .isEqualTo("n,lo,hi\n100,0,99000\n");
    } finally {
      kafka.close();
    }
  }

  @Test
  void aStopSignalEndsTheRunAfterTheCurrentBatchAndRecordsIt() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      produce(kafka, 0, 20_000);
      Path pipeline = pipeline(kafka, "300 milliseconds", ", max_records_per_batch: 2000");
      Path log = dir.resolve("graceful.log");
      Process run = ChildJvm.start(dir, Main.class.getName(), runArgs(pipeline), Map.of(), log);
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (batchesSeen(Files.readString(log)) < 2 && System.nanoTime() < deadline) {
        assertThat(run.isAlive()).as(Files.readString(log)).isTrue();
        Thread.sleep(100);
      }
      run.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C (SIGINT)
      assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
      String out = Files.readString(log);
      Matcher finished =
          Pattern.compile("bronze\\.events\\s+([0-9,]+) in\\s+([0-9,]+) out.*\\sok").matcher(out);
      assertThat(finished.find()).as(out).isTrue();
      long rowsOut = Long.parseLong(finished.group(2).replace(",", ""));
      TestingConsole.Captured<Integer> runs =
          TestingConsole.capture(
              () -> Main.execute("runs", "--store", "jdbc:h2:file:" + dir.resolve("runs")));
      assertThat(runs.out()).contains("SUCCEEDED").doesNotContain("RUNNING");
      assertThat(query(pipeline, "SELECT count(*) AS n FROM bronze.events"))
          .isEqualTo("n\n" + rowsOut + "\n");
    }
  }

  @Test
  void aDashboardFollowsTheStreamsMicroBatchesWhileItRuns() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      produce(kafka, 0, 20_000);
      Path pipeline =
          pipeline(
              kafka,
              "500 milliseconds",
              ", max_records_per_batch: 1000",
              """
              dashboards:
                live:
                  charts:
                    - { name: events, type: number, sql: "SELECT count(*) AS n FROM bronze.events", y: [n] }
              """);
      Path log = dir.resolve("live.log");
      Process run = ChildJvm.start(dir, Main.class.getName(), runArgs(pipeline), Map.of(), log);
      String runStore = "jdbc:h2:file:" + dir.resolve("runs");
      org.apache.spark.sql.SparkSession spark =
          io.sluice.engine.spark.SparkSessions.create(
              "console-live",
              new io.sluice.spec.EngineSettings(
                  dir.resolve("lake").toString(), "local[1]", Map.of(), runStore));
      try (io.sluice.core.store.JdbcRunStore store =
              io.sluice.core.store.JdbcRunStore.open(runStore);
          io.sluice.server.console.ConsoleServer console =
              io.sluice.server.console.ConsoleServer.start(
                  io.sluice.server.console.ConsoleSettings.local(0),
                  List.of(pipeline),
                  file ->
                      io.sluice.core.plan.Planner.load(
                          file,
                          io.sluice.spec.LoadRequest.defaults(),
                          io.sluice.core.ConnectorRegistry.load(),
                          new io.sluice.engine.spark.SparkSqlAnalyzer()),
                  store,
                  new io.sluice.engine.spark.SparkLakeBrowser(
                      spark, java.time.Duration.ofSeconds(60)))) {
        String base = "http://127.0.0.1:" + console.port();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (batchesSeen(Files.readString(log)) < 1 && System.nanoTime() < deadline) {
          assertThat(run.isAlive()).as(Files.readString(log)).isTrue();
          Thread.sleep(100);
        }
        String versions = http(base + "/api/pipelines/stream-it/dashboards/live");
        long before = shownCount(http(base + "/pipelines/stream-it/dashboards/live"));
        // the page polls this address and redraws when it changes: a later micro-batch changes it
        String now = versions;
        while (now.equals(versions) && System.nanoTime() < deadline) {
          assertThat(run.isAlive()).as(Files.readString(log)).isTrue();
          Thread.sleep(200);
          now = http(base + "/api/pipelines/stream-it/dashboards/live");
        }
        assertThat(now).as("the versions after a later micro-batch").isNotEqualTo(versions);
        long after = shownCount(http(base + "/pipelines/stream-it/dashboards/live"));
        assertThat(after).isGreaterThan(before).isLessThanOrEqualTo(20_000);
        assertThat(before).isPositive();
      } finally {
        run.destroy();
        assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
        spark.stop();
      }
    }
  }

  private static String http(String url) throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  /** The number the dashboard's single-number chart shows. */
  private static long shownCount(String page) {
    Matcher number = Pattern.compile("class=\"big-number\"[^>]*>([0-9]+)<").matcher(page);
    assertThat(number.find()).as(page).isTrue();
    return Long.parseLong(number.group(1));
  }

  private static int batchesSeen(String log) {
    int batches = 0;
    Matcher m = BATCH.matcher(log);
    while (m.find()) {
      batches = Math.max(batches, Integer.parseInt(m.group(1).replace(",", "")));
    }
    return batches;
  }

  private Path pipeline(EmbeddedKafka kafka, String trigger, String extraSourceOptions)
      throws Exception {
    return pipeline(kafka, trigger, extraSourceOptions, "");
  }

  private Path pipeline(
      EmbeddedKafka kafka, String trigger, String extraSourceOptions, String topLevel)
      throws Exception {
    Path pipeline = dir.resolve("stream.yaml");
    Files.writeString(
        pipeline,
        """
        pipeline: stream-it
        kafka: BOOTSTRAP
        sources:
          events: { type: kafka, topic: events, columns: { id: bigint, name: string }EXTRA }
        datasets:
          bronze.events: { from: events, mode: streaming, trigger: TRIGGER }
          silver.counts: { sql: "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM bronze.events" }
        """
                .replace("BOOTSTRAP", kafka.bootstrapServers())
                .replace("TRIGGER", trigger)
                .replace("EXTRA", extraSourceOptions)
            + topLevel);
    return pipeline;
  }

  private List<String> runArgs(Path pipeline) {
    return List.of(
        "run",
        pipeline.toString(),
        "--lake",
        dir.resolve("lake").toString(),
        "--run-store",
        "jdbc:h2:file:" + dir.resolve("runs"));
  }

  private JsonNode runOnce(Path pipeline, String name) throws Exception {
    Path summary = dir.resolve(name + ".json");
    List<String> args = new ArrayList<>(runArgs(pipeline));
    args.addAll(List.of("--once", "--summary-json", summary.toString()));
    TestingConsole.Captured<Integer> run =
        TestingConsole.capture(() -> Main.execute(args.toArray(String[]::new)));
    assertThat(run.result()).as(run.out() + run.err()).isZero();
    return new ObjectMapper().readTree(summary.toFile());
  }

  private String query(Path pipeline, String sql) throws Exception {
    return LakeQuery.csv(pipeline, dir.resolve("lake"), sql);
  }

  private static JsonNode step(JsonNode summary, String name) {
    for (JsonNode step : summary.get("steps")) {
      if (step.get("name").asText().equals(name)) {
        return step;
      }
    }
    throw new AssertionError("no step " + name + " in " + summary);
  }

  private static List<Long> counts(JsonNode step) {
    return List.of(
        step.get("rows_in").asLong(),
        step.get("rows_out").asLong(),
        step.get("quarantined").asLong(),
        step.get("dropped").asLong());
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            "5"),
        new StringSerializer(),
        new StringSerializer());
  }

  private static void produce(EmbeddedKafka kafka, int from, int to) throws Exception {
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks =
          new ArrayList<>();
      for (int i = from; i < to; i++) {
        acks.add(
            producer.send(
                new ProducerRecord<>(
                    "events",
                    Integer.toString(i),
                    "{\"id\": " + i + ", \"name\": \"n" + i + "\"}")));
      }
      producer.flush();
      for (java.util.concurrent.Future<?> ack : acks) {
        ack.get();
      }
    }
  }

  private static void send(EmbeddedKafka kafka, String... values) throws Exception {
    try (KafkaProducer<String, String> producer = producer(kafka)) {
      for (String value : values) {
        producer.send(new ProducerRecord<>("events", value)).get();
      }
    }
  }
}
