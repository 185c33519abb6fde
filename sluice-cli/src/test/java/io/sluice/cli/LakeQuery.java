package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestingConsole;
import java.nio.file.Path;

/** {@code sluice sql FILE --lake LAKE "SQL" -f csv} from a test: the CSV it prints. */
final class LakeQuery {
  private LakeQuery() {}

  static String csv(Path pipeline, Path lake, String sql) throws Exception {
    TestingConsole.Captured<Integer> result =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "sql", pipeline.toString(), "--lake", lake.toString(), sql, "-f", "csv"));
    assertThat(result.result()).as(result.err()).isZero();
    return result.out();
  }
}
