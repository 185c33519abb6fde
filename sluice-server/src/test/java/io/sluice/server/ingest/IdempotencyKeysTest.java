package io.sluice.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same contract for keys in memory and in the run store's database (an H2 file here). */
class IdempotencyKeysTest {
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final Duration WINDOW = Duration.ofHours(24);
  private static final IdempotencyKeys.Answer ACCEPTED =
      new IdempotencyKeys.Answer(200, "{\"accepted\":2}");

  @TempDir static Path dir;

  /** A clock the test moves. */
  static final class ManualClock extends Clock {
    Instant now = Instant.parse("2026-12-06T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }
  }

  private static int stores;

  static Stream<Arguments> kinds() {
    BiFunction<Clock, Integer, IdempotencyKeys> memory =
        (clock, capacity) -> new IdempotencyCache(capacity, LEASE, clock);
    BiFunction<Clock, Integer, IdempotencyKeys> database =
        (clock, capacity) ->
            JdbcIdempotencyKeys.open(
                "jdbc:h2:file:" + dir.resolve("store" + stores++), LEASE, clock);
    return Stream.of(Arguments.of("memory", memory), Arguments.of("run store", database));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void aKeyAnswersItsOwnRecordsAndRefusesOthersUntilItExpires(
      String kind, BiFunction<Clock, Integer, IdempotencyKeys> open) {
    ManualClock clock = new ManualClock();
    try (IdempotencyKeys keys = open.apply(clock, 10)) {
      assertThat(keys.begin("s", "k", "aaa")).isInstanceOf(IdempotencyKeys.Fresh.class);
      assertThat(keys.begin("s", "k", "bbb")).isInstanceOf(IdempotencyKeys.Reused.class);
      assertThat(keys.begin("s", "k", "aaa")).isInstanceOf(IdempotencyKeys.Running.class);
      keys.succeeded("s", "k", "aaa", ACCEPTED, WINDOW);
      assertThat(keys.begin("s", "k", "aaa")).isEqualTo(new IdempotencyKeys.Answered(ACCEPTED));
      assertThat(keys.begin("s", "k", "bbb")).isInstanceOf(IdempotencyKeys.Reused.class);
      // another stream's key, or another key, is another entry
      assertThat(keys.begin("t", "k", "bbb")).isInstanceOf(IdempotencyKeys.Fresh.class);
      assertThat(keys.begin("s", "k2", "bbb")).isInstanceOf(IdempotencyKeys.Fresh.class);
      clock.advance(WINDOW.minusSeconds(1));
      assertThat(keys.begin("s", "k", "aaa")).isEqualTo(new IdempotencyKeys.Answered(ACCEPTED));
      clock.advance(Duration.ofSeconds(1));
      assertThat(keys.begin("s", "k", "bbb")).isInstanceOf(IdempotencyKeys.Fresh.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void aFailedRequestFreesItsKeyAndAnAbandonedClaimLapsesAfterItsLease(
      String kind, BiFunction<Clock, Integer, IdempotencyKeys> open) {
    ManualClock clock = new ManualClock();
    try (IdempotencyKeys keys = open.apply(clock, 10)) {
      assertThat(keys.begin("s", "k", "aaa")).isInstanceOf(IdempotencyKeys.Fresh.class);
      keys.failed("s", "k");
      assertThat(keys.begin("s", "k", "bbb")).isInstanceOf(IdempotencyKeys.Fresh.class);
      // the request that claimed it never settles (its server died): a retry waits for the lease
      clock.advance(LEASE.minusSeconds(1));
      assertThat(keys.begin("s", "k", "bbb")).isInstanceOf(IdempotencyKeys.Running.class);
      clock.advance(Duration.ofSeconds(1));
      assertThat(keys.begin("s", "k", "bbb")).isInstanceOf(IdempotencyKeys.Fresh.class);
    }
  }

  @Test
  void memoryIsBoundedByTheCapacityTheOldestKeysGoFirst() {
    IdempotencyCache keys = new IdempotencyCache(1000, LEASE, new ManualClock());
    for (int i = 0; i < 5000; i++) {
      keys.begin("s", "key-" + i, "f");
      keys.succeeded("s", "key-" + i, "f", ACCEPTED, WINDOW);
    }
    assertThat(keys.size()).isEqualTo(1000);
    assertThat(keys.begin("s", "key-4999", "f")).isEqualTo(new IdempotencyKeys.Answered(ACCEPTED));
    assertThat(keys.begin("s", "key-0", "f")).isInstanceOf(IdempotencyKeys.Fresh.class);
  }

  @Test
  void keysInTheRunStoreOutliveTheProcessAndAreSharedByEveryServerOfTheStore() {
    ManualClock clock = new ManualClock();
    String url = "jdbc:h2:file:" + dir.resolve("shared");
    try (JdbcIdempotencyKeys first = JdbcIdempotencyKeys.open(url, LEASE, clock)) {
      assertThat(first.begin("s", "k", "aaa")).isInstanceOf(IdempotencyKeys.Fresh.class);
      try (JdbcIdempotencyKeys second = JdbcIdempotencyKeys.open(url, LEASE, clock)) {
        // while the first server writes, the second refuses to write the same request again
        assertThat(second.begin("s", "k", "aaa")).isInstanceOf(IdempotencyKeys.Running.class);
        first.succeeded("s", "k", "aaa", ACCEPTED, WINDOW);
        assertThat(second.begin("s", "k", "aaa")).isEqualTo(new IdempotencyKeys.Answered(ACCEPTED));
        assertThat(second.begin("s", "k", "zzz")).isInstanceOf(IdempotencyKeys.Reused.class);
      }
    }
    // both closed: a restarted server still replays the answer
    try (JdbcIdempotencyKeys restarted = JdbcIdempotencyKeys.open(url, LEASE, clock)) {
      assertThat(restarted.begin("s", "k", "aaa"))
          .isEqualTo(new IdempotencyKeys.Answered(ACCEPTED));
    }
  }

  @Test
  void expiredKeysAreDeletedFromTheRunStoreSoItDoesNotGrowWithoutBound() {
    ManualClock clock = new ManualClock();
    try (JdbcIdempotencyKeys keys =
        JdbcIdempotencyKeys.open("jdbc:h2:file:" + dir.resolve("purged"), LEASE, clock)) {
      for (int i = 0; i < 300; i++) {
        keys.begin("s", "old-" + i, "f");
        keys.succeeded("s", "old-" + i, "f", ACCEPTED, Duration.ofMinutes(10));
      }
      assertThat(keys.size()).isEqualTo(300);
      clock.advance(Duration.ofMinutes(11));
      keys.begin("s", "new", "f");
      assertThat(keys.size()).isEqualTo(1);
    }
  }
}
