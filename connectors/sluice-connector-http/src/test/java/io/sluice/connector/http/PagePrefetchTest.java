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
}
