package io.sluice.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.IngestPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyRateLimitsTest {
  private static IngestStream stream(IngestPolicy policy) {
    return new IngestStream(
            "s", "s", Map.of("id", "bigint"), Set.of(), List.of("a", "b"), Optional.empty(), 4096)
        .withPolicy(policy);
  }

  @Test
  void aKeyMaySendItsBurstThenItsRateAndIsToldHowLongToWait() {
    IdempotencyKeysTest.ManualClock clock = new IdempotencyKeysTest.ManualClock();
    KeyRateLimits limits = new KeyRateLimits(clock);
    IngestStream stream = stream(IngestPolicy.defaults().withRateLimit(100, 500));
    assertThat(limits.take(stream, 0, 500).allowed()).isTrue();
    KeyRateLimits.Decision refused = limits.take(stream, 0, 250);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterSeconds()).isEqualTo(3); // 250 records at 100/s
    // another key has its own bucket
    assertThat(limits.take(stream, 1, 500).allowed()).isTrue();
    clock.advance(Duration.ofMillis(2500));
    assertThat(limits.take(stream, 0, 250).allowed()).isTrue();
    assertThat(limits.take(stream, 0, 1).retryAfterSeconds()).isEqualTo(1);
    // an idle key refills up to its burst, not beyond
    clock.advance(Duration.ofHours(1));
    assertThat(limits.take(stream, 0, 500).allowed()).isTrue();
    assertThat(limits.take(stream, 0, 1).allowed()).isFalse();
    // a request bigger than the burst can never pass: no Retry-After would help
    KeyRateLimits.Decision tooBig = limits.take(stream, 0, 501);
    assertThat(tooBig.tooBig()).isTrue();
  }

  @Test
  void aStreamWithoutALimitTakesEverything() {
    KeyRateLimits limits = new KeyRateLimits(new IdempotencyKeysTest.ManualClock());
    IngestStream stream = stream(IngestPolicy.defaults());
    for (int i = 0; i < 100; i++) {
      assertThat(limits.take(stream, 0, 1_000_000).allowed()).isTrue();
    }
  }
}
