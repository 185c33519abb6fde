package io.sluice.connector.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Fetches the pages of {@link PageRanges} with {@code concurrency} workers sharing one rate limit,
 * skipping pages the checkpoint has, writing each page's message to the sink and recording it once
 * the sink has it. The first failure stops every worker; what finished stays recorded.
 */
final class Crawler {

  /** What a crawl did. */
  record Summary(
      long fetched,
      long skipped,
      long empty,
      long records,
      long requests,
      long retries,
      double seconds) {}

  private final ApiClient client;
  private final PageRanges ranges;
  private final String recordsField;
  private final int concurrency;
  private final PageSink sink;
  private final CrawlCheckpoint checkpoint;
  private final Consumer<String> progress;
  private final String name;

  private int rangeIndex;
  private long nextPage;

  Crawler(
      String name,
      ApiClient client,
      PageRanges ranges,
      String recordsField,
      int concurrency,
      PageSink sink,
      CrawlCheckpoint checkpoint,
      Consumer<String> progress) {
    this.name = name;
    this.client = client;
    this.ranges = ranges;
    this.recordsField = recordsField;
    this.concurrency = concurrency;
    this.sink = sink;
    this.checkpoint = checkpoint;
    this.progress = progress;
    this.nextPage = ranges.ranges().get(0).first();
  }

  /** The next page to fetch, or -1 when there is none. */
  private synchronized long next() {
    while (rangeIndex < ranges.ranges().size()) {
      PageRanges.Range range = ranges.ranges().get(rangeIndex);
      long end = range.open() ? checkpoint.firstEmptyFrom(range.first()) - 1 : range.last();
      if (nextPage < range.first()) {
        nextPage = range.first();
      }
      if (nextPage > end) {
        rangeIndex++;
        if (rangeIndex < ranges.ranges().size()) {
          nextPage = ranges.ranges().get(rangeIndex).first();
        }
        continue;
      }
      long page = nextPage++;
      if (!checkpoint.isDone(page)) {
        return page;
      }
    }
    return -1;
  }

  Summary run() throws InterruptedException {
    long started = System.nanoTime();
    int before = checkpoint.doneCount();
    AtomicLong fetched = new AtomicLong();
    AtomicLong empty = new AtomicLong();
    AtomicLong records = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<CompletableFuture<?>> writes = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService workers =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread t = new Thread(r, "sluice-crawl-" + name);
              t.setDaemon(true);
              return t;
            });
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      running.add(
          workers.submit(
              () -> {
                long page;
                while (failure.get() == null && (page = next()) >= 0) {
                  ApiClient.Page answer = client.fetch(page);
                  int count = answer.count();
                  if (count == 0) {
                    empty.incrementAndGet();
                    checkpoint.empty(page);
                    continue;
                  }
                  long p = page;
                  CompletableFuture<?> write =
                      sink.write(p, RecordsArray.message(p, recordsField, answer.records()))
                          .thenAccept(
                              position -> {
                                checkpoint.done(p, position);
                                fetched.incrementAndGet();
                                records.addAndGet(count);
                              })
                          .whenComplete(
                              (ok, error) -> {
                                if (error != null) {
                                  failure.compareAndSet(
                                      null,
                                      new CrawlException(
                                          "Cannot write page " + p + ": " + error.getMessage(),
                                          error));
                                }
                              });
                  writes.add(write);
                }
                return null;
              }));
    }
    workers.shutdown();
    long lastReport = System.nanoTime();
    long lastFetched = 0;
    while (!workers.awaitTermination(1, TimeUnit.SECONDS)) {
      checkpoint.flush();
      for (Future<?> f : running) {
        if (f.isDone()) {
          try {
            f.get();
          } catch (ExecutionException e) {
            failure.compareAndSet(null, e.getCause());
          }
        }
      }
      long now = System.nanoTime();
      if (now - lastReport >= 5_000_000_000L) {
        long count = fetched.get();
        progress.accept(
            String.format(
                Locale.ROOT,
                "crawl %s: %,d pages, %,d records, %.0f pages/s, %,d retries",
                name,
                before + count,
                records.get(),
                (count - lastFetched) / ((now - lastReport) / 1e9),
                client.retries.get()));
        lastReport = now;
        lastFetched = count;
      }
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (ExecutionException e) {
        failure.compareAndSet(null, e.getCause());
      }
    }
    synchronized (writes) {
      for (CompletableFuture<?> write : writes) {
        try {
          write.get();
        } catch (ExecutionException e) {
          failure.compareAndSet(null, e.getCause());
        }
      }
    }
    checkpoint.flush();
    Throwable error = failure.get();
    if (error != null) {
      if (error instanceof CrawlException crawl) {
        throw crawl;
      }
      throw new CrawlException("The crawl of " + name + " failed: " + error, error);
    }
    checkpoint.markComplete();
    return new Summary(
        fetched.get(),
        before,
        empty.get(),
        records.get(),
        client.requests.get(),
        client.retries.get(),
        (System.nanoTime() - started) / 1e9);
  }
}
