package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.Main;
import io.sluice.testing.TestingConsole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `sluice sql FILE QUERY -f csv` over a test's lake: the result's lines without the header. */
public final class LakeSql {
  private LakeSql() {}

  public static List<String> csv(Path pipeline, Path lake, String sql) throws Exception {
    return csv(pipeline.toString(), "--lake", lake.toString(), sql);
  }

  /** The same over the lake of the pipeline's {@code profile} (an HDFS lake, say). */
  public static List<String> csvOfProfile(Path pipeline, String profile, String sql)
      throws Exception {
    return csv(pipeline.toString(), "--profile", profile, sql);
  }

  private static List<String> csv(String pipeline, String option, String value, String sql)
      throws Exception {
    TestingConsole.Captured<Integer> result =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "sql", pipeline, option, value, sql, "-f", "csv", "--limit", "1000000"));
    assertThat(result.result()).as(result.err()).isZero();
    List<String> lines = new ArrayList<>(List.of(result.out().strip().split("\n")));
    lines.remove(0); // the header
    return lines;
  }
}
