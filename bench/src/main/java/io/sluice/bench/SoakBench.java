package io.sluice.bench;

import io.sluice.core.plan.Plan;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.server.ingest.IdempotencyKeys;
import io.sluice.server.ingest.IngestServer;
import io.sluice.server.ingest.IngestStream;
import io.sluice.services.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/**
 * A soak: events sent to the ingest endpoint at a steady rate for many minutes, through Kafka into
 * a streaming bronze table, a streaming silver table (one row per id) and a streaming gold table
 * (events per city and micro-batch), with the streams' housekeeping (compaction, snapshot expiry)
 * on. Every sample interval it prints heap after the last GC, open file descriptors, data files per
 * table (in the current snapshot and on disk), snapshots, the checkpoint's size and the latency of
 * the events committed in that interval; at the end it checks that every acknowledged event is in
 * each table exactly once.
 */
public final class SoakBench {
  private SoakBench() {}

  static final String KEY = "soak-key";
  static final List<String> TABLES = List.of("bronze.events", "silver.events", "gold.city_batches");

  public static void main(String[] args) throws Exception {
    int minutes = 30;
    int rate = 5_000;
    int sampleSeconds = 60;
    String snapshotAge = "10m";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--minutes" -> minutes = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--sample-seconds" -> sampleSeconds = Integer.parseInt(args[++i]);
        case "--stream-snapshot-age" -> snapshotAge = args[++i];
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; use --minutes N --rate EVENTS_PER_SECOND --sample-seconds S"
                    + " --stream-snapshot-age DURATION");
      }
    }
    Path work =
        Files.createDirectories(
            Path.of("bench", "target", "work", "soak-" + System.currentTimeMillis()));
    Path lake = work.resolve("lake");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"))) {
      Path pipeline = work.resolve("soak.yaml");
      Files.writeString(pipeline, pipeline(kafka.bootstrapServers(), snapshotAge));
      Plan plan = BenchRuns.plan(pipeline);
      SparkSession spark = BenchRuns.session("soak-bench", lake);
      String runStore = "jdbc:h2:file:" + work.resolve("runs").toAbsolutePath();
      SoakProbe probe = new SoakProbe(spark, lake);
      spark.streams().addListener(probe.listener());
      System.out.printf(
          Locale.ROOT,
          "Soak: %,d events/s for %d min through POST /v1/streams/events/records -> Kafka ->"
              + " bronze -> silver -> gold (5 s trigger, compaction at 20 files, snapshots kept"
              + " %s), %d cores, -Xmx %,d MiB%n",
          rate,
          minutes,
          snapshotAge,
          Runtime.getRuntime().availableProcessors(),
          Runtime.getRuntime().maxMemory() >> 20);
      try (JdbcRunStore store = JdbcRunStore.open(runStore);
          IngestServer server =
              IngestServer.start(
                  IngestStream.servable(plan),
                  kafka.bootstrapServers(),
                  Map.of(),
                  new IngestServer.Settings("127.0.0.1", 0, 400_000, Duration.ofSeconds(60)),
                  IdempotencyKeys.durable(runStore, Duration.ofSeconds(90), Clock.systemUTC()),
                  app -> {})) {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        long runStarted = System.nanoTime();
        Future<?> run = BenchRuns.streaming(runner, spark, kafka.bootstrapServers(), store, plan);
        System.out.printf(
            Locale.ROOT,
            "stream running %.1f s after the run started%n",
            (System.nanoTime() - runStarted) / 1e9);
        SoakLoad load =
            new SoakLoad("http://127.0.0.1:" + server.port() + "/v1/streams/events/records", KEY);
        long acknowledged = probe.sampleWhile(load, rate, minutes, sampleSeconds);
        System.out.printf(
            Locale.ROOT,
            "load done: %,d events acknowledged in %,d requests (%,d retried), %,d failed answers%n",
            acknowledged,
            load.requests(),
            load.retries(),
            load.failures());
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (probe.rows("gold.city_batches", "sum(events)") < acknowledged
            && System.nanoTime() < deadline) {
          Thread.sleep(1000);
        }
        for (StreamingQuery query : spark.streams().active()) {
          query.stop();
        }
        run.get(2, TimeUnit.MINUTES);
        runner.shutdown();
        probe.printLatencies();
        probe.checkExactlyOnce(acknowledged);
      } finally {
        spark.stop();
      }
    }
  }

  private static String pipeline(String bootstrap, String snapshotAge) {
    return """
        pipeline: soak
        kafka: BOOTSTRAP
        retention: { stream_snapshot_age: AGE }
        sources:
          events:
            type: http-ingest
            stream: events
            topic: soak-events
            api_keys: [KEY]
            required: [id, sent_at]
            columns: { id: bigint, name: string, city: string, sent_at: bigint, latitude: double, comments: string }
        datasets:
          bronze.events: { from: events, mode: streaming, trigger: 5 seconds }
          silver.events:
            mode: streaming
            keys: [id]
            sql: |
              SELECT id, lower(trim(city)) AS city, sent_at, latitude, comments, _ingested_at
              FROM bronze.events
          gold.city_batches:
            mode: streaming
            sql: |
              SELECT city, count(*) AS events, min(sent_at) AS first_sent_at,
                     max(sent_at) AS last_sent_at, max(_ingested_at) AS batch_ingested_at
              FROM silver.events GROUP BY city
        """
        .replace("BOOTSTRAP", bootstrap)
        .replace("AGE", snapshotAge)
        .replace("KEY", KEY);
  }
}
