package io.sluice.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IdempotencyCacheTest {
  /** A clock the test moves. */
  private static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-12-06T00:00:00Z");

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
  }

  @Test
  void aKeyAnswersItsOwnRecordsAndRefusesOthersUntilItExpires() {
    ManualClock clock = new ManualClock();
    IdempotencyCache cache = new IdempotencyCache(10, Duration.ofHours(24), clock);
    assertThat(cache.begin("k", "aaa")).isInstanceOf(IdempotencyCache.Fresh.class);
    assertThat(cache.begin("k", "bbb")).isInstanceOf(IdempotencyCache.Reused.class);
    assertThat(cache.begin("k", "aaa")).isInstanceOf(IdempotencyCache.Running.class);
    cache.succeeded("k", "aaa", new IdempotencyCache.Answer(200, "{\"accepted\":2}"));
    assertThat(cache.begin("k", "aaa"))
        .isEqualTo(
            new IdempotencyCache.Answered(new IdempotencyCache.Answer(200, "{\"accepted\":2}")));
    assertThat(cache.begin("k", "bbb")).isInstanceOf(IdempotencyCache.Reused.class);
    // another stream's or client's key is another entry
    assertThat(cache.begin("k2", "bbb")).isInstanceOf(IdempotencyCache.Fresh.class);
    clock.now = clock.now.plus(Duration.ofHours(24));
    assertThat(cache.begin("k", "bbb")).isInstanceOf(IdempotencyCache.Fresh.class);
  }

  @Test
  void aFailedRequestFreesItsKeyForARetryWithAnyRecords() {
    IdempotencyCache cache = new IdempotencyCache(10, Duration.ofHours(1), new ManualClock());
    assertThat(cache.begin("k", "aaa")).isInstanceOf(IdempotencyCache.Fresh.class);
    cache.failed("k");
    assertThat(cache.begin("k", "aaa")).isInstanceOf(IdempotencyCache.Fresh.class);
  }
}
