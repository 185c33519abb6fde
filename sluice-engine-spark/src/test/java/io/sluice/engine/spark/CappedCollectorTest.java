package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CappedCollectorTest {
  private final CappedCollector collector = new CappedCollector(3);

  private CappedCollector.Buffer of(String... values) {
    CappedCollector.Buffer buffer = collector.zero();
    for (String value : values) {
      buffer = collector.reduce(buffer, value);
    }
    return buffer;
  }

  @Test
  void joinsValuesUpToTheCapAndSkipsNulls() {
    assertThat(collector.finish(of("a", null, "b"))).isEqualTo("a\nb");
    assertThat(collector.finish(collector.merge(of("a"), of("b", "c")))).isEqualTo("a\nb\nc");
    assertThat(collector.finish(of())).isEmpty();
  }

  @Test
  void signalsOverflowWithNull() {
    assertThat(collector.finish(of("a", "b", "c", "d"))).isNull();
    assertThat(collector.finish(collector.merge(of("a", "b"), of("c", "d")))).isNull();
    assertThat(collector.finish(collector.merge(of("a"), of("b", "c", "d", "e")))).isNull();
    assertThat(collector.finish(collector.merge(of("a", "b", "c", "d"), of("e")))).isNull();
  }
}
