package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestingConsole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every broken pipeline under src/test/resources/broken is reported with exactly the messages in
 * its .expected file (file:line:col, code, message, hint), all at once, with exit code 2.
 */
class BrokenPipelinesTest {
  private static final Path DIR = Path.of("src", "test", "resources", "broken");

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".yaml"))
              .sorted()
              .toList();
      assertThat(names).hasSizeGreaterThanOrEqualTo(12);
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void reportsEveryProblemWithPositionCodeAndHint(String name) throws Exception {
    Path file = DIR.resolve(name);
    TestingConsole.Captured<Integer> run =
        TestingConsole.capture(() -> Main.execute("validate", file.toString()));
    String expected =
        Files.readString(DIR.resolve(name.replace(".yaml", ".expected")), StandardCharsets.UTF_8);
    String actual = run.err().replace(DIR + "/", "");
    assertThat(actual.strip()).isEqualTo(expected.strip());
    assertThat(run.result()).isEqualTo(Main.USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(actual).doesNotContain("Exception").doesNotContain("\tat ");
  }
}
