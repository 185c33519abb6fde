package io.sluice.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PagePrefetchTest {
  @TempDir Path folder;

  private static CrawlCheckpoint.Position at(int partition, long offset) {
    return new CrawlCheckpoint.Position(partition, offset);
  }

  @Test
  void positionsSplitIntoBeforeInsideAndAfterEachPartitionsCoveredRange() {
    Map<Long, CrawlCheckpoint.Position> positions = new TreeMap<>();
    positions.put(1L, at(0, 5)); // an earlier attempt's page
    positions.put(2L, at(0, 10)); // the first offset read
    positions.put(3L, at(0, 19)); // the last offset read
    positions.put(4L, at(0, 20)); // acknowledged after the last batch
    positions.put(5L, at(1, 7)); // a partition never read
    Map<Integer, long[]> covered = Map.of(0, new long[] {10, 20});
    Map<PagePrefetch.Part, List<CrawlCheckpoint.Position>> parts =
        PagePrefetch.split(positions, covered);
    assertThat(parts.get(PagePrefetch.Part.BELOW)).containsExactly(at(0, 5));
    assertThat(parts.get(PagePrefetch.Part.COVERED)).containsExactly(at(0, 10), at(0, 19));
    assertThat(parts.get(PagePrefetch.Part.ABOVE)).containsExactly(at(0, 20), at(1, 7));
  }

  @Test
  void aNewCheckpointIsFreshAndKeepsWhereTheTopicEndedForALaterRecovery() {
    try (CrawlCheckpoint first = new CrawlCheckpoint(folder)) {
      assertThat(first.fresh()).isTrue();
      first.started(Map.of(0, 120L, 1, 80L));
      first.started(Map.of(0, 999L)); // the first record of a partition stands
      first.done(1, at(0, 121));
    }
    try (CrawlCheckpoint again = new CrawlCheckpoint(folder)) {
      assertThat(again.fresh()).isFalse();
      assertThat(again.starts()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 120L, 1, 80L));
      assertThat(again.positions()).containsEntry(1L, at(0, 121));
    }
  }

  @Test
  void aBatchThatSparkFailsStopsThePrefetchWithALineNotAStackTrace() throws Exception {
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch failed = new java.util.concurrent.CountDownLatch(1);
    List<Map<Integer, long[]>> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    PagePrefetch prefetch =
        new PagePrefetch(
            null,
            folder,
            Map.of(0, 10L),
            () -> Map.of(1L, at(0, 10), 2L, at(0, 11)),
            range -> {
              asked.add(range);
              // what Spark throws from Scala: a checked exception no signature declares
              throw PagePrefetchTest.<RuntimeException>sneaky(
                  new org.apache.spark.SparkException("Job aborted due to stage failure"));
            },
            1,
            line -> {
              lines.add(line);
              failed.countDown();
            });
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    List<Throwable> uncaught = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
    try {
      prefetch.start();
      assertThat(failed.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      prefetch.finish();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
    assertThat(uncaught).isEmpty();
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).get(0)).containsExactly(10, 12);
    assertThat(lines)
        .containsExactly(
            "prefetch stopped after 0 batch(es): Job aborted due to stage failure; the remaining"
                + " pages are read after the crawl");
    assertThat(prefetch.summary()).contains("0 batch(es) (then stopped: see above)");
    assertThat(prefetch.coveredRanges().get(0)).containsExactly(10, 10);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
