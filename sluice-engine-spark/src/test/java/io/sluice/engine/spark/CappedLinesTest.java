package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CappedLinesTest {
  private static CappedLines of(String... values) {
    CappedLines lines = new CappedLines(3);
    for (String value : values) {
      lines.add(value);
    }
    return lines;
  }

  private static CappedLines merged(CappedLines left, CappedLines right) {
    left.merge(right);
    return left;
  }

  @Test
  void keepsValuesUpToTheCapAndSkipsNulls() {
    assertThat(of("a", null, "b").value()).containsExactly("a", "b");
    assertThat(merged(of("a"), of("b", "c")).value()).containsExactly("a", "b", "c");
    assertThat(of().value()).isEmpty();
    assertThat(of().isZero()).isTrue();
    assertThat(of("a").copy().value()).containsExactly("a");
  }

  @Test
  void signalsOverflowWithNull() {
    assertThat(of("a", "b", "c", "d").value()).isNull();
    assertThat(of("a", "b", "c", "d").isZero()).isFalse();
    assertThat(merged(of("a", "b"), of("c", "d")).value()).isNull();
    assertThat(merged(of("a"), of("b", "c", "d", "e")).value()).isNull();
    assertThat(merged(of("a", "b", "c", "d"), of("e")).value()).isNull();
    CappedLines reset = of("a", "b", "c", "d");
    reset.reset();
    assertThat(reset.value()).isEmpty();
  }
}
