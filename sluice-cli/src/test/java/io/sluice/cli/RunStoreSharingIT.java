package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run store is shared by processes: while a run (one process) waits in its sensor with the
 * store open, {@code sluice runs} (another process) reads it and sees the run going on.
 */
class RunStoreSharingIT {
  @TempDir Path work;

  private String runs(Path pipeline, String name) throws Exception {
    Path log = work.resolve(name + ".log");
    Process runs =
        ChildJvm.start(
            work, Main.class.getName(), List.of("runs", pipeline.toString()), Map.of(), log);
    assertThat(runs.waitFor(2, TimeUnit.MINUTES)).as("sluice runs ends").isTrue();
    String out = Files.readString(log);
    assertThat(runs.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void aSecondProcessReadsTheRunsWhileARunWrites() throws Exception {
    Path marker = work.resolve("go.ok");
    Path pipeline = work.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        String.join(
            "\n",
            "pipeline: shared",
            "lake: " + work.resolve("lake"),
            "run_store: jdbc:h2:file:" + work.resolve("runs"),
            "sensors:",
            "  marker: { type: path, path: '" + marker + "', poke_interval: 1s, timeout: 300s }",
            "datasets:",
            "  gold.one: { sql: SELECT 1 AS x }",
            ""));
    Path runLog = work.resolve("run.log");
    Process run =
        ChildJvm.start(
            work, Main.class.getName(), List.of("run", pipeline.toString()), Map.of(), runLog);
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (!Files.readString(runLog).contains("waiting for a file matching")) {
        assertThat(run.isAlive()).as(Files.readString(runLog)).isTrue();
        assertThat(System.nanoTime()).as(Files.readString(runLog)).isLessThan(deadline);
        Thread.sleep(200);
      }
      String during = runs(pipeline, "during");
      assertThat(during).containsPattern("\\d{8}T\\d{6}-[0-9a-f]{4} +shared +RUNNING ");

      Files.writeString(marker, "");
      assertThat(run.waitFor(3, TimeUnit.MINUTES)).as(Files.readString(runLog)).isTrue();
      assertThat(run.exitValue()).as(Files.readString(runLog)).isZero();
    } finally {
      run.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String after = runs(pipeline, "after");
    assertThat(after).containsPattern("\\d{8}T\\d{6}-[0-9a-f]{4} +shared +SUCCEEDED ");
  }
}
