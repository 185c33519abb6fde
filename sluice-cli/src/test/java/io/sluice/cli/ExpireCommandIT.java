package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice expire}: old snapshots of the pipeline's tables expired on demand. */
class ExpireCommandIT {
  @TempDir Path dir;

  @Test
  void expiresOldSnapshotsOfEveryTableWithTheRetentionGiven() throws Exception {
    Path pipeline = dir.resolve("p.yaml");
    Files.writeString(
        pipeline,
        """
        pipeline: expire-it
        retention: { max_snapshot_age: forever }
        datasets:
          ex.numbers:
            sql: SELECT id FROM range(0, 10)
            expect: [ { name: small, check: "id < 8", on_fail: quarantine } ]
          ex.later: { sql: SELECT 1 AS x }
        """);
    for (int run = 0; run < 3; run++) {
      TestingConsole.Captured<Integer> done =
          TestingConsole.capture(() -> Main.execute(args("run", pipeline)));
      assertThat(done.result()).as(done.out() + done.err()).isZero();
    }
    assertThat(query(pipeline, "SELECT count(*) AS s FROM ex.numbers.snapshots"))
        .isEqualTo("s\n3\n");

    // the file keeps every snapshot: nothing to do unless an age is given
    TestingConsole.Captured<Integer> forever = expire(pipeline);
    assertThat(forever.result()).isZero();
    assertThat(forever.out()).contains("Retention is 'forever': every snapshot is kept");

    TestingConsole.Captured<Integer> expired =
        expire(pipeline, "--max-snapshot-age", "0s", "--min-snapshots", "1");
    assertThat(expired.result()).as(expired.out() + expired.err()).isZero();
    assertThat(expired.out())
        .contains("expired 2 old snapshots of ex.numbers, deleted ")
        .contains("expired 2 old snapshots of ex.numbers__quarantine, deleted ")
        .contains("expired 2 old snapshots of ex.later, deleted ")
        .contains("3 tables,");
    assertThat(query(pipeline, "SELECT count(*) AS s FROM ex.numbers.snapshots"))
        .isEqualTo("s\n1\n");
    assertThat(query(pipeline, "SELECT count(*) AS n FROM ex.numbers")).isEqualTo("n\n8\n");

    // again: nothing left to expire
    TestingConsole.Captured<Integer> again = expire(pipeline, "--max-snapshot-age", "0s");
    assertThat(again.out()).contains("ex.numbers: nothing to expire (1 snapshot kept)");

    TestingConsole.Captured<Integer> bad =
        TestingConsole.capture(
            () -> Main.execute("expire", pipeline.toString(), "--max-snapshot-age", "soon"));
    assertThat(bad.result()).isNotZero();
    assertThat(bad.err()).contains("Cannot use --max-snapshot-age 'soon'");
  }

  private String[] args(String command, Path pipeline) {
    return new String[] {
      command,
      pipeline.toString(),
      "--lake",
      dir.resolve("lake").toString(),
      "--run-store",
      "jdbc:h2:file:" + dir.resolve("runs")
    };
  }

  private String query(Path pipeline, String sql) throws Exception {
    return LakeQuery.csv(pipeline, dir.resolve("lake"), sql);
  }

  /** {@code sluice expire} on the test's lake with {@code more} arguments. */
  private TestingConsole.Captured<Integer> expire(Path pipeline, String... more) throws Exception {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "expire", pipeline.toString(), "--lake", dir.resolve("lake").toString()));
    args.addAll(java.util.List.of(more));
    return TestingConsole.capture(() -> Main.execute(args.toArray(String[]::new)));
  }
}
