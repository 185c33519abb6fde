package io.sluice.bench;

import io.sluice.engine.spark.LakeTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * What the soak watches: the curves (heap after GC, open files, data files and snapshots per table,
 * checkpoint size), each micro-batch's start and end (from Spark's progress events), the latency of
 * events (end of the micro-batch that committed them, through gold, minus their send time) and the
 * final exactly-once check.
 */
final class SoakProbe {
  private final SparkSession spark;
  private final Path lake;

  /** One micro-batch of the bronze query: when it started and ended (epoch millis). */
  record Batch(long id, long start, long end, long rows, Map<String, Long> durations) {}

  private final List<Batch> batches = new CopyOnWriteArrayList<>();

  /**
   * When bronze's appends committed (epoch millis), gathered at every sample before they expire.
   */
  private final java.util.NavigableSet<Long> bronzeCommits =
      new java.util.concurrent.ConcurrentSkipListSet<>();

  private final long started = System.currentTimeMillis();

  SoakProbe(SparkSession spark, Path lake) {
    this.spark = spark;
    this.lake = lake;
  }

  StreamingQueryListener listener() {
    return new StreamingQueryListener() {
      @Override
      public void onQueryStarted(QueryStartedEvent event) {}

      @Override
      public void onQueryProgress(QueryProgressEvent event) {
        var progress = event.progress();
        Long took = progress.durationMs().get("triggerExecution");
        if (progress.numInputRows() > 0 && took != null) {
          long start = Instant.parse(progress.timestamp()).toEpochMilli();
          batches.add(
              new Batch(
                  progress.batchId(),
                  start,
                  start + took,
                  progress.numInputRows(),
                  new java.util.HashMap<>(progress.durationMs())));
        }
      }

      @Override
      public void onQueryTerminated(QueryTerminatedEvent event) {}
    };
  }

  /** Runs the load for {@code minutes}, printing a sample every {@code sampleSeconds}. */
  long sampleWhile(SoakLoad load, int rate, int minutes, int sampleSeconds) throws Exception {
    System.out.println(
        "   min  acked_events  heap_after_gc_mib  open_fds  batches  batch_p95_ms"
            + "  bronze_files(cur/disk/snaps)  silver_files  gold_files  checkpoint(files/KiB)");
    load.start(rate, 4);
    long begin = System.nanoTime();
    long end = begin + minutes * 60_000_000_000L;
    int sampled = 0;
    sample(0, load.acknowledged());
    while (System.nanoTime() < end) {
      long nextSample = begin + (sampled + 1) * (long) sampleSeconds * 1_000_000_000L;
      Thread.sleep(Math.max(1, (Math.min(nextSample, end) - System.nanoTime()) / 1_000_000));
      if (System.nanoTime() >= nextSample) {
        sampled++;
        sample((System.nanoTime() - begin) / 60e9, load.acknowledged());
      }
    }
    long acknowledged = load.stop();
    sample((System.nanoTime() - begin) / 60e9, acknowledged);
    return acknowledged;
  }

  private long lastSampleAt = System.currentTimeMillis();

  private void sample(double minute, long acknowledged) {
    long now = System.currentTimeMillis();
    List<Long> durations = new ArrayList<>();
    for (Batch batch : batches) {
      if (batch.end() > lastSampleAt && batch.end() <= now) {
        durations.add(batch.end() - batch.start());
      }
    }
    lastSampleAt = now;
    durations.sort(null);
    StringBuilder tables = new StringBuilder();
    for (String table : SoakBench.TABLES) {
      long[] files = files(table);
      tables.append(
          table.startsWith("bronze")
              ? String.format(Locale.ROOT, "  %10d/%d/%d", files[0], files[1], files[2])
              : String.format(Locale.ROOT, "  %5d/%d/%d", files[0], files[1], files[2]));
    }
    long[] checkpoint = sizeOf(lake.resolve("_checkpoints"), "");
    System.out.printf(
        Locale.ROOT,
        "%6.1f  %,12d  %,17d  %8d  %7d  %12s%s  %,d/%,d%n",
        minute,
        acknowledged,
        heapAfterGc() >> 20,
        openFiles(),
        durations.size(),
        durations.isEmpty() ? "-" : durations.get((int) (durations.size() * 0.95)),
        tables,
        checkpoint[0],
        checkpoint[1] >> 10);
  }

  /** Heap in use after the last collection of each heap pool (no collection is forced). */
  static long heapAfterGc() {
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterGc = pool.getCollectionUsage();
      if (pool.getType() == MemoryType.HEAP && afterGc != null) {
        used += afterGc.getUsed();
      }
    }
    return used;
  }

  static long openFiles() {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    } catch (IOException e) {
      return -1;
    }
  }

  /** Data files in the current snapshot, parquet files on disk, snapshots. */
  private long[] files(String dataset) {
    try {
      java.util.Optional<Table> found = LakeTables.find(spark, LakeTables.qualified(dataset));
      if (found.isEmpty() || found.get().currentSnapshot() == null) {
        return new long[] {0, 0, 0};
      }
      Table table = found.get();
      long snapshots = 0;
      for (Snapshot snapshot : table.snapshots()) {
        snapshots++;
        if (dataset.equals("bronze.events") && "append".equals(snapshot.operation())) {
          bronzeCommits.add(snapshot.timestampMillis());
        }
      }
      String current = table.currentSnapshot().summary().getOrDefault("total-data-files", "0");
      int dot = dataset.indexOf('.');
      Path data =
          lake.resolve(dataset.substring(0, dot))
              .resolve(dataset.substring(dot + 1))
              .resolve("data");
      return new long[] {Long.parseLong(current), sizeOf(data, ".parquet")[0], snapshots};
    } catch (RuntimeException e) { // a commit in between: the next sample tells
      return new long[] {-1, -1, -1};
    }
  }

  /** Files (ending in {@code suffix}) under a folder and their bytes. */
  private static long[] sizeOf(Path folder, String suffix) {
    if (!Files.isDirectory(folder)) {
      return new long[] {0, 0};
    }
    try (Stream<Path> files = Files.walk(folder)) {
      long[] total = new long[2];
      files
          .filter(f -> Files.isRegularFile(f) && f.toString().endsWith(suffix))
          .forEach(
              f -> {
                total[0]++;
                try {
                  total[1] += Files.size(f);
                } catch (IOException e) {
                  // deleted by an expiry while walking
                }
              });
      return total;
    } catch (IOException | UncheckedIOException e) {
      return new long[] {-1, -1};
    }
  }

  long rows(String table, String expression) {
    try {
      Row row = spark.sql("SELECT " + expression + " FROM lake." + table).first();
      return row.isNullAt(0) ? 0 : ((Number) row.get(0)).longValue();
    } catch (RuntimeException e) { // not created yet
      return 0;
    }
  }

  /**
   * Latency of every 10th event: the end of the micro-batch that committed it (bronze, silver and
   * gold) minus its send time, per minute of the soak and overall; and to bronze alone (the commit
   * of bronze's append).
   */
  void printLatencies() {
    long[] unused = files("bronze.events"); // the last commits
    List<Batch> ordered = new ArrayList<>(batches);
    ordered.sort((a, b) -> Long.compare(a.start(), b.start()));
    Map<Long, List<Long>> perMinute = new TreeMap<>();
    List<Long> all = new ArrayList<>();
    List<Long> toBronze = new ArrayList<>();
    for (Row row :
        spark
            .sql(
                "SELECT unix_millis(_ingested_at), sent_at FROM lake.bronze.events"
                    + " WHERE id % 10 = 0")
            .collectAsList()) {
      long ingested = row.getLong(0);
      Long committed = bronzeCommits.ceiling(ingested);
      if (committed != null) {
        toBronze.add(committed - row.getLong(1));
      }
      long end = -1;
      for (Batch batch : ordered) {
        if (batch.end() >= ingested) {
          end = batch.end();
          break;
        }
      }
      if (end < 0) {
        continue; // a batch after the listener stopped hearing
      }
      long latency = end - row.getLong(1);
      all.add(latency);
      perMinute.computeIfAbsent((end - started) / 60_000, m -> new ArrayList<>()).add(latency);
    }
    System.out.println("event-to-gold latency (end of the micro-batch minus send time), ms:");
    System.out.println("   min  events/10     p50     p95     max");
    for (Map.Entry<Long, List<Long>> minute : perMinute.entrySet()) {
      print(Long.toString(minute.getKey()), minute.getValue());
    }
    print("all", all);
    System.out.println("event-to-bronze latency (commit of bronze's append minus send time), ms:");
    print("all", toBronze);
    printFirstBatches(ordered);
    System.out.printf(
        Locale.ROOT,
        "micro-batches: %d, rows per batch median %,d%n",
        ordered.size(),
        ordered.stream()
            .mapToLong(Batch::rows)
            .sorted()
            .skip(ordered.size() / 2)
            .findFirst()
            .orElse(0));
  }

  /**
   * Where the first micro-batches' time went: Spark's phases (latestOffset: asking the source for
   * its end; addBatch: our write of bronze, silver and gold), and when bronze's append committed.
   */
  private void printFirstBatches(List<Batch> ordered) {
    System.out.println(
        "first micro-batches: id, rows, start (s after the soak began), latestOffset ms, addBatch ms,"
            + " bronze committed (ms after the start), whole batch ms");
    for (Batch batch : ordered.subList(0, Math.min(8, ordered.size()))) {
      Long bronze = bronzeCommits.ceiling(batch.start());
      System.out.printf(
          Locale.ROOT,
          "  %3d %,8d %6.1f %6d %6d %6s %6d%n",
          batch.id(),
          batch.rows(),
          (batch.start() - started) / 1000.0,
          batch.durations().getOrDefault("latestOffset", -1L),
          batch.durations().getOrDefault("addBatch", -1L),
          bronze != null && bronze <= batch.end() ? Long.toString(bronze - batch.start()) : "-",
          batch.end() - batch.start());
    }
  }

  private static void print(String label, List<Long> latencies) {
    latencies.sort(null);
    System.out.printf(
        Locale.ROOT,
        "%6s  %,9d  %6d  %6d  %6d%n",
        label,
        latencies.size(),
        latencies.get(latencies.size() / 2),
        latencies.get((int) (latencies.size() * 0.95)),
        latencies.get(latencies.size() - 1));
  }

  /** Every acknowledged event once in bronze and silver, and counted once in gold. */
  void checkExactlyOnce(long acknowledged) {
    String expected =
        String.format(Locale.ROOT, "[%d,%d,0,%d]", acknowledged, acknowledged, acknowledged - 1);
    List<String> problems = new ArrayList<>();
    for (String table : List.of("bronze.events", "silver.events")) {
      String found =
          spark
              .sql("SELECT count(*), count(DISTINCT id), min(id), max(id) FROM lake." + table)
              .first()
              .toString();
      System.out.printf(
          Locale.ROOT,
          "%s: rows, distinct ids, min, max = %s (expected %s)%n",
          table,
          found,
          expected);
      if (!found.equals(expected)) {
        problems.add(table + " holds " + found + ", expected " + expected);
      }
    }
    long gold = rows("gold.city_batches", "sum(events)");
    System.out.printf(
        Locale.ROOT, "gold.city_batches: sum(events) = %,d (expected %,d)%n", gold, acknowledged);
    if (gold != acknowledged) {
      problems.add("gold counts " + gold + " events, expected " + acknowledged);
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("not exactly once: " + problems);
    }
    System.out.println(
        "exactly once: every acknowledged event once in bronze and silver, once in gold");
  }
}
