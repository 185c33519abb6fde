package io.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesWhatPeopleWriteAndFormatsInTheLargestWholeUnit() {
    assertThat(Durations.parse("5d")).contains(Duration.ofDays(5));
    assertThat(Durations.parse("30 seconds")).contains(Duration.ofSeconds(30));
    assertThat(Durations.parse("a while")).isEmpty();
    assertThat(Durations.format(Duration.ofDays(5))).isEqualTo("5d");
    assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }
}
