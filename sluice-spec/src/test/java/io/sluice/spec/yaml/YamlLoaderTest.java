package io.sluice.spec.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spec.Problem;
import io.sluice.spec.Problems;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the YAML parser's limits give: a problem at a place, never an exception. */
class YamlLoaderTest {
  private static Problem only(String text) {
    Problems problems = new Problems();
    Optional<YamlNode> node = YamlLoader.load("p.yaml", text, problems);
    assertThat(node).isEmpty();
    List<Problem> all = problems.sorted();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void anAliasBombIsRefusedAtItsFirstAlias() {
    StringBuilder bomb = new StringBuilder("pipeline: x\na0: &a0 [lol, lol]\n");
    for (int i = 1; i < 10; i++) {
      bomb.append("a").append(i).append(": &a").append(i).append(" [");
      bomb.append(("*a" + (i - 1) + ", ").repeat(8)).append("*a").append(i - 1).append("]\n");
    }
    Problem problem = only(bomb.toString());
    assertThat(problem.message()).contains("more than 50 aliases");
    assertThat(problem.position().line()).isEqualTo(3);
    assertThat(problem.position().column()).isEqualTo(10); // a1: &a1 [*a0
  }

  @Test
  void nestingDeeperThanFiftyIsRefusedWhereItGetsTooDeep() {
    Problem problem = only("pipeline: x\nvalue: " + "[".repeat(80) + "1" + "]".repeat(80) + "\n");
    assertThat(problem.message()).contains("nested more than 50 levels");
    assertThat(problem.position().line()).isEqualTo(2);
    assertThat(problem.position().column()).isEqualTo(8 + 50);
  }

  @Test
  void aCharacterYamlForbidsIsNamedWithItsPlace() {
    Problem problem = only("pipeline: x\ndescription: bell \u0007 here\n");
    assertThat(problem.message()).contains("U+0007");
    assertThat(problem.position().line()).isEqualTo(2);
    assertThat(problem.position().column()).isEqualTo(19);
  }

  @Test
  void aProblemQuotingControlCharactersKeepsItsLineAndTheTerminalIntact() {
    io.sluice.spec.Problem problem =
        new io.sluice.spec.Problem(
            new Position("p.yaml", 3, 16),
            io.sluice.spi.ErrorCode.UNKNOWN_CONNECTOR,
            "unknown connector type 'f\u0085iel\u001b[31m\u202e'",
            "");
    assertThat(problem.format())
        .isEqualTo(
            "p.yaml:3:16: error[E104]: unknown connector type 'f\\u0085iel\\u001b[31m\\u202e'");
  }

  @Test
  void aFileLargerThanTheLimitIsRefusedBeforeItIsParsed() {
    Problem problem = only("description: \"" + "x".repeat(YamlLoader.MAX_CHARS) + "\"\n");
    assertThat(problem.message()).contains("the limit is " + YamlLoader.MAX_CHARS);
    assertThat(problem.position().line()).isEqualTo(1);
  }
}
