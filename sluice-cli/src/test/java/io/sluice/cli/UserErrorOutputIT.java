package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SQL error at run time, as a user sees it in a terminal: Sluice's line with the SQL position
 * Spark reports, the log file that holds Spark's own account, and no stack trace on the console.
 */
class UserErrorOutputIT {
  @TempDir Path dir;

  @Test
  void aSqlRuntimeErrorPrintsOneClearLineAndNamesTheLogFile() throws Exception {
    Path pipeline = dir.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        """
        pipeline: castfail
        lake: LAKE
        run_store: jdbc:h2:file:STORE
        datasets:
          gold.bad:
            sql: SELECT CAST(v AS INT) AS n FROM VALUES ('1'), ('x') AS t(v)
        """
            .replace("LAKE", dir.resolve("lake").toString())
            .replace("STORE", dir.resolve("runs").toString()));
    Path logs = dir.resolve("logs");
    Path console = dir.resolve("console.txt");
    Process process =
        ChildJvm.start(
            dir,
            Main.class.getName(),
            List.of("run", pipeline.toString()),
            Map.of("SLUICE_LOG_DIR", logs.toString()),
            console);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("the run ends").isTrue();
    String out = Files.readString(console);

    assertThat(process.exitValue()).as(out).isEqualTo(Main.RUN_FAILED);
    assertThat(out)
        .contains("error[E300]: [CAST_INVALID_INPUT] The value 'x' of the type \"STRING\"")
        .contains("(at SQL line 1, position 8: CAST(v AS INT))")
        .contains("FAILED")
        .doesNotContain("\tat ")
        .doesNotContain("ERROR Utils")
        .doesNotContain("Exception in task");
    Path log;
    try (Stream<Path> files = Files.list(logs)) {
      log =
          files.filter(f -> f.getFileName().toString().endsWith(".log")).findFirst().orElseThrow();
    }
    assertThat(out).contains("Spark's log (task errors, stack traces): " + log);
    assertThat(Files.readString(log)).contains("CAST_INVALID_INPUT").contains("\tat ");
  }
}
