package io.sluice.bench;

import io.sluice.core.plan.Plan;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.server.ingest.IngestServer;
import io.sluice.server.ingest.IngestStream;
import io.sluice.services.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * Ingest benchmarks against Kafka's raw Java producer on the same embedded broker, in one run:
 * records/s of batch requests vs the raw producer (same record, acks=all, idempotent, lz4);
 * single-record requests/s over keep-alive with concurrent clients; and a streaming dataset (Kafka
 * -> Iceberg, 5-second trigger) fed at a steady rate: rows/s and event-to-table latency p50/p95.
 */
public final class IngestBench {
  private IngestBench() {}

  private static final String KEY = "bench-key";

  public static void main(String[] args) throws Exception {
    int records = 300_000;
    int singles = 40_000;
    int[] clients = {32, 64, 128};
    boolean streamingOnly = false;
    boolean httpOnly = false;
    int rate = 20_000;
    int seconds = 30;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--records" -> records = Integer.parseInt(args[++i]);
        case "--singles" -> singles = Integer.parseInt(args[++i]);
        case "--clients" ->
            clients =
                java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--streaming-only" -> streamingOnly = true;
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--http-only" -> httpOnly = true;
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; use --records N --singles N --clients N[,N...] [--streaming-only"
                    + " | --http-only] --rate N --seconds S");
      }
    }
    Path work = Files.createDirectories(Path.of("bench", "target", "work"));
    Path kafkaDir = work.resolve("ingest-kafka-" + System.currentTimeMillis());
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaDir)) {
      String bootstrap = kafka.bootstrapServers();
      if (streamingOnly) {
        streaming(work, bootstrap, rate, seconds);
        return;
      }
      String sample = record(0, System.currentTimeMillis());
      System.out.printf(
          Locale.ROOT,
          "Ingest, %,d records of ~%d bytes, %d cores, Kafka 3.9 embedded%n",
          records,
          sample.length(),
          Runtime.getRuntime().availableProcessors());

      double raw = rawProducer(bootstrap, "raw", records);
      System.out.printf(Locale.ROOT, "raw producer              %,10.0f records/s%n", raw);

      Map<String, IngestStream> streams =
          Map.of(
              "events",
              new IngestStream(
                  "events",
                  "events",
                  Map.of(
                      "id",
                      "bigint",
                      "name",
                      "string",
                      "city",
                      "string",
                      "sent_at",
                      "bigint",
                      "latitude",
                      "double"),
                  java.util.Set.of("id", "sent_at"),
                  List.of(KEY),
                  Optional.empty(),
                  4L << 20));
      try (IngestServer server =
          IngestServer.start(
              streams,
              bootstrap,
              Map.of(),
              new IngestServer.Settings("127.0.0.1", 0, 400_000, Duration.ofSeconds(60)))) {
        String url = "http://127.0.0.1:" + server.port() + "/v1/streams/events/records";
        double batched = batchRequests(url, records, 500, 4);
        System.out.printf(
            Locale.ROOT,
            "endpoint, 500 per request %,10.0f records/s  (%.0f%% of the raw producer; target >= 50%%)%n",
            batched,
            100 * batched / raw);
        singleRequests(url, singles / 4, clients[0]); // warm-up: JIT, connections, producer batches
        for (int c : clients) {
          double perSecond = singleRequests(url, singles, c);
          System.out.printf(
              Locale.ROOT,
              "endpoint, 1 per request   %,10.0f requests/s (%d keep-alive clients; target >= 5,000)%n",
              perSecond,
              c);
        }
      }
      if (!httpOnly) {
        streaming(work, bootstrap, rate, seconds);
      }
    }
  }

  static String record(long id, long sentAt) {
    return "{\"id\":"
        + id
        + ",\"name\":\"sighting "
        + id
        + "\",\"city\":\"seattle (downtown), wa\",\"sent_at\":"
        + sentAt
        + ",\"latitude\":47.6062095,\"comments\":\"three lights in a triangle formation, no sound\"}";
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** The limit: the same records sent by one producer as fast as it acknowledges them. */
  private static double rawProducer(String bootstrap, String topic, int records) throws Exception {
    try (KafkaProducer<String, String> producer = producer(bootstrap)) {
      producer.send(new ProducerRecord<>(topic, record(-1, 0))).get(); // metadata, warm-up
      long started = System.nanoTime();
      List<Future<RecordMetadata>> acks = new ArrayList<>(records);
      for (int i = 0; i < records; i++) {
        acks.add(producer.send(new ProducerRecord<>(topic, record(i, System.currentTimeMillis()))));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
      return records / ((System.nanoTime() - started) / 1e9);
    }
  }

  private static HttpRequest request(String url, String body, String contentType) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", contentType)
        .header("Authorization", "Bearer " + KEY)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static double batchRequests(String url, int records, int batch, int concurrency)
      throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    http.send(
        request(url, record(-1, 0), "application/json"), HttpResponse.BodyHandlers.ofString());
    long started = System.nanoTime();
    List<Future<Integer>> answers = new ArrayList<>();
    for (int from = 0; from < records; from += batch) {
      int first = from;
      int last = Math.min(records, from + batch);
      answers.add(
          pool.submit(
              () -> {
                StringBuilder body = new StringBuilder();
                for (int i = first; i < last; i++) {
                  body.append(record(i, System.currentTimeMillis())).append('\n');
                }
                return http.send(
                        request(url, body.toString(), "application/x-ndjson"),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode();
              }));
    }
    for (Future<Integer> answer : answers) {
      if (answer.get() != 200) {
        throw new IllegalStateException("a batch got " + answer.get());
      }
    }
    double rate = records / ((System.nanoTime() - started) / 1e9);
    pool.shutdown();
    return rate;
  }

  /**
   * Single-record requests from {@code clients} threads, each on its own keep-alive connection with
   * a minimal HTTP/1.1 client (so that the load generator leaves the CPU to the server).
   */
  private static double singleRequests(String url, int requests, int clients) throws Exception {
    URI uri = URI.create(url);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicLong next = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    List<Future<?>> done = new ArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      done.add(
          pool.submit(
              () -> {
                try (java.net.Socket socket = new java.net.Socket(uri.getHost(), uri.getPort())) {
                  socket.setTcpNoDelay(true);
                  java.io.OutputStream out =
                      new java.io.BufferedOutputStream(socket.getOutputStream());
                  java.io.InputStream in = new java.io.BufferedInputStream(socket.getInputStream());
                  long i;
                  while ((i = next.getAndIncrement()) < requests) {
                    byte[] body =
                        record(i, System.currentTimeMillis())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    String head =
                        "POST "
                            + uri.getPath()
                            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + "Authorization: Bearer "
                            + KEY
                            + "\r\nContent-Length: "
                            + body.length
                            + "\r\n\r\n";
                    out.write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                    if (readResponse(in) != 200) {
                      failed.incrementAndGet();
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    double rate = requests / ((System.nanoTime() - started) / 1e9);
    pool.shutdown();
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " single-record requests failed");
    }
    return rate;
  }

  /** Reads one HTTP/1.1 response with a Content-Length body; returns its status. */
  private static int readResponse(java.io.InputStream in) throws java.io.IOException {
    StringBuilder line = new StringBuilder();
    int status = -1;
    int length = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("connection closed");
      }
      if (b == '\n') {
        String text = line.toString().trim();
        line.setLength(0);
        if (text.isEmpty()) {
          break;
        }
        if (status < 0) {
          status = Integer.parseInt(text.split(" ")[1]);
        } else if (text.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Integer.parseInt(text.substring(15).trim());
        }
      } else {
        line.append((char) b);
      }
    }
    in.readNBytes(length);
    return status;
  }

  /**
   * A streaming dataset with a 5-second trigger fed at a steady rate for 30 seconds: rows/s into
   * Iceberg and event-to-table latency (commit time of the micro-batch that wrote a row minus the
   * row's send time).
   */
  private static void streaming(Path work, String bootstrap, int rate, int seconds)
      throws Exception {
    Path lake = work.resolve("ingest-lake-" + System.currentTimeMillis());
    Path pipeline = work.resolve("ingest-bench.yaml");
    Files.writeString(
        pipeline,
        """
        pipeline: ingest-bench
        kafka: BOOTSTRAP
        sources:
          events: { type: kafka, topic: stream, columns: { id: bigint, name: string, city: string, sent_at: bigint, latitude: double } }
        datasets:
          bronze.events: { from: events, mode: streaming, trigger: 5 seconds }
        """
            .replace("BOOTSTRAP", bootstrap));
    Plan plan = BenchRuns.plan(pipeline);
    SparkSession spark = BenchRuns.session("ingest-bench", lake);
    try (JdbcRunStore store = JdbcRunStore.open("jdbc:h2:mem:ingest-bench")) {
      ExecutorService runner = Executors.newSingleThreadExecutor();
      Future<?> run = BenchRuns.streaming(runner, spark, bootstrap, store, plan);
      long started = System.nanoTime();
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      try (KafkaProducer<String, String> producer = producer(bootstrap)) {
        long id = 0;
        for (int s = 0; s < seconds * 10; s++) { // 100 ms slices
          long sliceEnd = started + (s + 1) * 100_000_000L;
          for (int i = 0; i < rate / 10; i++) {
            acks.add(
                producer.send(
                    new ProducerRecord<>("stream", record(id++, System.currentTimeMillis()))));
          }
          long wait = sliceEnd - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
        producer.flush();
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
      long total = (long) rate * seconds;
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      long landed = 0;
      while (landed < total && System.nanoTime() < deadline) {
        Thread.sleep(1000);
        landed = tableCount(spark);
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      for (StreamingQuery query : spark.streams().active()) {
        for (org.apache.spark.sql.streaming.StreamingQueryProgress progress :
            query.recentProgress()) {
          if (progress.numInputRows() > 0) {
            System.out.printf(
                Locale.ROOT,
                "  batch %d: %,d rows, %s%n",
                progress.batchId(),
                progress.numInputRows(),
                progress.durationMs());
          }
        }
        query.stop();
      }
      run.get(1, TimeUnit.MINUTES);
      runner.shutdown();
      List<Row> snapshots =
          spark
              .sql(
                  "SELECT unix_millis(committed_at) AS at FROM lake.bronze.events.snapshots ORDER BY committed_at")
              .collectAsList();
      List<Long> commits = snapshots.stream().map(r -> r.getLong(0)).toList();
      List<Long> latencies = new ArrayList<>();
      for (Row row :
          spark
              .sql("SELECT unix_millis(_ingested_at), sent_at FROM lake.bronze.events")
              .collectAsList()) {
        long ingested = row.getLong(0);
        long commit =
            commits.stream()
                .filter(c -> c >= ingested)
                .findFirst()
                .orElse(commits.get(commits.size() - 1));
        latencies.add(commit - row.getLong(1));
      }
      latencies.sort(Comparator.naturalOrder());
      System.out.printf(
          Locale.ROOT,
          "streaming Kafka -> Iceberg: %,d of %,d rows in %.1fs while fed %,d rows/s for %ds"
              + " (%,.0f rows/s end to end, %d micro-batches); event-to-table latency p50 %.1fs, p95 %.1fs, max %.1fs%n",
          landed,
          total,
          elapsed,
          rate,
          seconds,
          landed / elapsed,
          commits.size(),
          latencies.get(latencies.size() / 2) / 1000.0,
          latencies.get((int) (latencies.size() * 0.95)) / 1000.0,
          latencies.get(latencies.size() - 1) / 1000.0);
      System.out.println(drainRate(spark, bootstrap, lake));
    } finally {
      spark.stop();
    }
  }

  private static long tableCount(SparkSession spark) {
    try {
      return spark.sql("SELECT count(*) FROM lake.bronze.events").first().getLong(0);
    } catch (Exception e) { // the table does not exist before the first micro-batch
      return 0;
    }
  }

  /** How fast a backlog drains: the same topic read again from the start by a new query. */
  private static String drainRate(SparkSession spark, String bootstrap, Path lake)
      throws Exception {
    long started = System.nanoTime();
    StreamingQuery query =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", bootstrap)
            .option("subscribe", "stream")
            .option("startingOffsets", "earliest")
            .load()
            .selectExpr("CAST(value AS STRING) AS value")
            .writeStream()
            .format("iceberg")
            .option("checkpointLocation", lake.resolve("drain-checkpoint").toString())
            .trigger(org.apache.spark.sql.streaming.Trigger.AvailableNow())
            .toTable("lake.bronze.drain_raw");
    query.awaitTermination();
    double seconds = (System.nanoTime() - started) / 1e9;
    long rows = spark.sql("SELECT count(*) FROM lake.bronze.drain_raw").first().getLong(0);
    return String.format(
        Locale.ROOT,
        "raw Spark Kafka -> Iceberg drain of the same topic (no parsing, no checks): %,d rows in %.1fs (%,.0f rows/s)",
        rows,
        seconds,
        rows / seconds);
  }
}
