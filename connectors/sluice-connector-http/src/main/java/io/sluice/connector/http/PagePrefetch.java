package io.sluice.connector.http;

import io.sluice.spi.spark.SourceResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads back and parses a crawl's pages while the crawl still runs: every {@code interval} a thread
 * of its own takes, per partition, the offsets after the last ones it read up to the highest offset
 * Kafka has acknowledged (everything below an acknowledged offset is committed, so the range is
 * readable whole), has the kafka connector read and parse that range, and writes the rows (and any
 * rejected records) as Parquet under {@code folder}. When the crawl ends, what it covered is read
 * from those files and only the rest from Kafka: the crawl spends most of its time waiting on the
 * API's rate limit, and that time now does the parsing. Messages of other crawls in a covered range
 * are dropped later by the same filter on the checkpoint's positions as before. A batch that fails
 * stops the prefetching: the rest is then read after the crawl, as without it.
 */
final class PagePrefetch implements AutoCloseable {
  /** Reads the offsets {@code [from, to)} of each partition: partition -> {from, to}. */
  interface RangeReader extends Function<Map<Integer, long[]>, SourceResult> {}

  private final SparkSession spark;
  private final Path folder;
  private final Supplier<Map<Long, CrawlCheckpoint.Position>> positions;
  private final RangeReader reader;
  private final Consumer<String> log;
  private final Map<Integer, Long> covered = new TreeMap<>(); // partition -> first offset not read
  private final Map<Integer, Long> start = new TreeMap<>(); // partition -> first offset read
  private final List<String> rowFiles = new ArrayList<>();
  private final List<String> rejectedFiles = new ArrayList<>();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private long rejected;
  private int batches;
  private long messages;
  private volatile boolean failed;

  PagePrefetch(
      SparkSession spark,
      Path folder,
      Map<Integer, Long> startOffsets,
      Supplier<Map<Long, CrawlCheckpoint.Position>> positions,
      RangeReader reader,
      long intervalMillis,
      Consumer<String> log) {
    this.spark = spark;
    this.folder = folder;
    this.positions = positions;
    this.reader = reader;
    this.log = log;
    covered.putAll(startOffsets);
    start.putAll(startOffsets);
    this.thread =
        new Thread(
            () -> {
              try {
                while (!stop.await(intervalMillis, TimeUnit.MILLISECONDS) && !failed) {
                  batch();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sluice-page-prefetch");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Reads the next acknowledged range; false when there was none or the batch failed. */
  private synchronized boolean batch() {
    Map<Long, CrawlCheckpoint.Position> now = positions.get();
    Map<Integer, Long> to = CrawlCheckpoint.nextOffsets(now);
    Map<Integer, long[]> range = new TreeMap<>();
    long count = 0;
    for (Map.Entry<Integer, Long> e : to.entrySet()) {
      long first = covered.getOrDefault(e.getKey(), e.getValue());
      if (!covered.containsKey(e.getKey())) {
        // a partition seen for the first time: start at its first offset of this crawl
        first =
            now.values().stream()
                .filter(p -> p.partition() == e.getKey())
                .mapToLong(CrawlCheckpoint.Position::offset)
                .min()
                .orElse(e.getValue());
        start.put(e.getKey(), first);
      }
      if (e.getValue() > first) {
        range.put(e.getKey(), new long[] {first, e.getValue()});
        count += e.getValue() - first;
      }
    }
    if (range.isEmpty()) {
      return false;
    }
    long started = System.nanoTime();
    try {
      SourceResult read = reader.apply(range);
      String rows = folder.resolve("rows-" + batches).toString();
      // One core fewer than Spark has: the crawl (and an API served on this machine) keep one.
      // When the prefetch took them all, the crawl fell to 360-440 pages/s of its 500.
      int tasks = Math.max(1, spark.sparkContext().defaultParallelism() - 1);
      read.rows().coalesce(tasks).write().parquet(rows);
      long bad = read.rejectedCount().getAsLong();
      if (bad > 0 && read.rejected().isPresent()) {
        String file = folder.resolve("rejected-" + batches).toString();
        read.rejected().get().write().parquet(file);
        rejectedFiles.add(file);
      }
      rejected += bad;
      rowFiles.add(rows);
      range.forEach((partition, r) -> covered.put(partition, r[1]));
      batches++;
      messages += count;
      log.accept(
          String.format(
              Locale.ROOT,
              "prefetch %d: %,d messages read back and parsed in %.1f s",
              batches,
              count,
              (System.nanoTime() - started) / 1e9));
      return true;
    } catch (Exception e) { // Spark's exceptions are checked ones thrown from Scala
      failed = true;
      log.accept(
          "prefetch stopped after "
              + batches
              + " batch(es): "
              + e.getMessage()
              + "; the remaining pages are read after the crawl");
      return false;
    }
  }

  /**
   * Stops the thread; a batch in progress finishes first. What it did not cover is the caller's to
   * read ({@link #coveredRanges}).
   */
  void finish() {
    stop.countDown();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Per partition, the offsets read: [first, covered). */
  synchronized Map<Integer, long[]> coveredRanges() {
    Map<Integer, long[]> ranges = new TreeMap<>();
    covered.forEach(
        (partition, end) -> ranges.put(partition, new long[] {start.get(partition), end}));
    return ranges;
  }

  synchronized Optional<Dataset<Row>> rows() {
    return rowFiles.isEmpty()
        ? Optional.empty()
        : Optional.of(spark.read().parquet(rowFiles.toArray(String[]::new)));
  }

  synchronized Optional<Dataset<Row>> rejectedRows() {
    return rejectedFiles.isEmpty()
        ? Optional.empty()
        : Optional.of(spark.read().parquet(rejectedFiles.toArray(String[]::new)));
  }

  synchronized long rejected() {
    return rejected;
  }

  synchronized String summary() {
    return String.format(
        Locale.ROOT,
        "%,d messages parsed during the crawl in %d batch(es)%s",
        messages,
        batches,
        failed ? " (then stopped: see above)" : "");
  }

  /** Where a position lies against the covered ranges. */
  enum Part {
    BELOW,
    COVERED,
    ABOVE
  }

  /**
   * The positions by part: before a partition's covered range (pages of an earlier attempt of a
   * resumed crawl), in it, or after it (acknowledged after the last batch; all of a partition the
   * prefetch never read).
   */
  static Map<Part, List<CrawlCheckpoint.Position>> split(
      Map<Long, CrawlCheckpoint.Position> positions, Map<Integer, long[]> covered) {
    Map<Part, List<CrawlCheckpoint.Position>> split = new java.util.EnumMap<>(Part.class);
    for (Part part : Part.values()) {
      split.put(part, new ArrayList<>());
    }
    for (CrawlCheckpoint.Position p : positions.values()) {
      long[] range = covered.get(p.partition());
      Part part =
          range == null || p.offset() >= range[1]
              ? Part.ABOVE
              : p.offset() < range[0] ? Part.BELOW : Part.COVERED;
      split.get(part).add(p);
    }
    return split;
  }

  @Override
  public void close() {
    finish();
  }

  static void deleteRecursively(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + folder, e);
    }
  }
}
