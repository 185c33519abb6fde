package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChildJvmTest {
  @Test
  void jarsComeFirstAndEachGroupKeepsItsOrder() {
    assertThat(ChildJvm.jarsFirst("/m/target/test-classes:/r/a.jar:/m/target/classes:/r/b.jar"))
        .isEqualTo("/r/a.jar:/r/b.jar:/m/target/test-classes:/m/target/classes");
    assertThat(ChildJvm.jarsFirst("/r/a.jar")).isEqualTo("/r/a.jar");
  }
}
