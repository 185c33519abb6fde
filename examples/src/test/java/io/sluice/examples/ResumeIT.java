package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.Main;
import io.sluice.testing.TestingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `sluice resume`: a failed run goes on from its failed step; finished steps are not redone. */
class ResumeIT {
  @TempDir Path work;

  private TestingConsole.Captured<Integer> sluice(String... args) throws Exception {
    return TestingConsole.capture(() -> Main.execute(args));
  }

  @Test
  void aResumedRunSkipsFinishedStepsAndRunsTheFailedOnesForTheSameDate() throws Exception {
    Path pipeline = work.resolve("resumable.yaml");
    Files.writeString(
        pipeline,
        String.join(
            "\n",
            "pipeline: resumable",
            "parameters: { broken: 'no' }",
            "datasets:",
            "  gold.a: { mode: append, sql: \"SELECT '${ds}' AS ds\" }",
            "  gold.b: { sql: \"SELECT IF('${broken}' = 'yes', raise_error('upstream broke'), ds) AS ds FROM gold.a\" }",
            ""));
    String lake = work.resolve("lake").toString();
    String store = "jdbc:h2:file:" + work.resolve("runs");
    TestingConsole.Captured<Integer> failed =
        sluice(
            "run",
            pipeline.toString(),
            "--date",
            "2024-07-01",
            "--param",
            "broken=yes",
            "--lake",
            lake,
            "--run-store",
            store);
    assertThat(failed.result()).isEqualTo(Main.RUN_FAILED);
    Matcher id = Pattern.compile("Run (\\S+) FAILED").matcher(failed.out());
    assertThat(id.find()).as(failed.out()).isTrue();

    TestingConsole.Captured<Integer> resumed =
        sluice(
            "resume",
            pipeline.toString(),
            id.group(1),
            "--date",
            "2024-07-01",
            "--lake",
            lake,
            "--run-store",
            store);
    String out = resumed.out() + resumed.err();
    assertThat(resumed.result()).as(out).isEqualTo(Main.OK);
    assertThat(out)
        .contains(
            "Resuming run "
                + id.group(1)
                + " of resumable (logical date 2024-07-01): 1 step(s) done [gold.a]")
        .containsPattern("gold.b\\s+1 in\\s+1 out");
    assertThat(out).doesNotContainPattern("gold.a\\s+\\d");
    TestingConsole.Captured<Integer> rows =
        sluice(
            "sql",
            pipeline.toString(),
            "SELECT count(*) AS n, max(ds) AS ds FROM gold.a",
            "--format",
            "csv",
            "--lake",
            lake);
    assertThat(rows.out()).contains("1,2024-07-01");
  }
}
