package io.sluice.connector.http;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pages a crawl finished, appended to {@code pages.log} as each page's message is acknowledged
 * (Kafka) or written (staging file): {@code done PAGE PARTITION OFFSET}, {@code empty PAGE}, and
 * {@code complete} at the end. A restarted crawl reads it and fetches only the rest. A torn last
 * line (the process died while writing it) is ignored: that page is fetched again, and the Kafka
 * scan of {@link KafkaPageSink#recover} finds it if its message landed.
 */
final class CrawlCheckpoint implements AutoCloseable {
  /** Where a page's message is: Kafka partition and offset (or 0 and the staging line). */
  record Position(int partition, long offset) {}

  private final Path file;
  private final Map<Long, Position> done = new TreeMap<>();
  private final java.util.TreeSet<Long> empties = new java.util.TreeSet<>();
  private final Map<Integer, Long> starts = new TreeMap<>();
  private boolean complete;
  private String attempt;
  private boolean fresh;
  private final BufferedWriter out;

  CrawlCheckpoint(Path folder) {
    this.file = folder.resolve("pages.log");
    try {
      Files.createDirectories(folder);
      if (Files.exists(file)) {
        String content = Files.readString(file, StandardCharsets.UTF_8);
        int whole = content.lastIndexOf('\n') + 1; // a torn last line is not a record
        content.substring(0, whole).lines().forEach(this::read);
        if (whole < content.length()) { // rewrite without the torn line
          Files.writeString(file, content.substring(0, whole), StandardCharsets.UTF_8);
        }
      }
      this.out =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      if (attempt == null) { // a new checkpoint: messages of older crawls are not ours
        attempt = java.util.UUID.randomUUID().toString();
        fresh = true;
        append("attempt " + attempt);
        flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the crawl checkpoint " + file, e);
    }
  }

  private void read(String line) {
    String[] f = line.strip().split(" ");
    switch (f[0]) {
      case "done" ->
          done.put(
              Long.parseLong(f[1]), new Position(Integer.parseInt(f[2]), Long.parseLong(f[3])));
      case "empty" -> empties.add(Long.parseLong(f[1]));
      case "complete" -> complete = true;
      case "attempt" -> attempt = f[1];
      case "start" -> starts.put(Integer.parseInt(f[1]), Long.parseLong(f[2]));
      default -> {
        // a line of a later version: ignore
      }
    }
  }

  Path file() {
    return file;
  }

  /**
   * The id of this checkpoint's crawl, made when the checkpoint was created: messages carry it, so
   * a recovery adopts only messages this crawl wrote, never those of an older crawl of the same URL
   * into the same topic.
   */
  String attempt() {
    return attempt;
  }

  /**
   * Whether this run created the checkpoint: no message can carry its attempt id yet, so there is
   * nothing to recover.
   */
  boolean fresh() {
    return fresh;
  }

  /**
   * Records where the topic's partitions ended when the crawl began: a recovery reads a partition
   * from there (not from its beginning, which holds older crawls) until a page landed in it.
   */
  synchronized void started(Map<Integer, Long> endOffsets) {
    endOffsets.forEach(
        (partition, offset) -> {
          if (starts.putIfAbsent(partition, offset) == null) {
            append("start " + partition + " " + offset);
          }
        });
    flush();
  }

  /** Per partition, the offset after the last page's message it holds. */
  synchronized Map<Integer, Long> nextOffsets() {
    return nextOffsets(done);
  }

  /** Per partition, the offset after the last of {@code positions}. */
  static Map<Integer, Long> nextOffsets(Map<Long, Position> positions) {
    Map<Integer, Long> next = new TreeMap<>();
    positions.values().forEach(p -> next.merge(p.partition(), p.offset() + 1, Math::max));
    return next;
  }

  /** The partitions' end offsets when the crawl began (see {@link #started}). */
  synchronized Map<Integer, Long> starts() {
    return new TreeMap<>(starts);
  }

  synchronized boolean isDone(long page) {
    return done.containsKey(page);
  }

  synchronized int doneCount() {
    return done.size();
  }

  /** The first empty page at or after {@code page}, or {@link Long#MAX_VALUE}. */
  synchronized long firstEmptyFrom(long page) {
    Long found = empties.ceiling(page);
    return found == null ? Long.MAX_VALUE : found;
  }

  synchronized boolean complete() {
    return complete;
  }

  synchronized Map<Long, Position> positions() {
    return Map.copyOf(done);
  }

  synchronized void done(long page, Position position) {
    if (done.putIfAbsent(page, position) == null) {
      append("done " + page + " " + position.partition() + " " + position.offset());
    }
  }

  synchronized void empty(long page) {
    if (empties.add(page)) {
      append("empty " + page);
    }
  }

  synchronized void markComplete() {
    complete = true;
    append("complete");
    flush();
  }

  synchronized void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the crawl checkpoint " + file, e);
    }
  }

  private void append(String line) {
    try {
      out.write(line);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the crawl checkpoint " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the crawl checkpoint " + file, e);
    }
  }
}
