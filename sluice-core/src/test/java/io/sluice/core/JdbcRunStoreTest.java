package io.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.store.CheckRecord;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunRecord;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcRunStoreTest {
  @TempDir Path dir;

  @Test
  void keepsRunsStepsAndChecksAcrossReopening() {
    keepsRunsStepsAndChecksAcrossReopening("jdbc:h2:file:" + dir.resolve("nested/runs"));
  }

  /** The same history written and read back through the store at {@code url} (H2 or PostgreSQL). */
  static void keepsRunsStepsAndChecksAcrossReopening(String url) {
    Instant start = Instant.parse("2026-11-01T10:00:00Z");
    try (JdbcRunStore store = JdbcRunStore.open(url)) {
      store.startRun(
          new RunRecord(
              "r1",
              "p",
              "local",
              RunStatus.RUNNING,
              start,
              Optional.empty(),
              "{}",
              Optional.empty()));
      store.startRun(
          new RunRecord(
              "r2",
              "other",
              "local",
              RunStatus.RUNNING,
              start.plusSeconds(60),
              Optional.empty(),
              "{}",
              Optional.empty()));
      store.recordStep(
          new StepRecord(
              "r1",
              "bronze.a",
              "dataset",
              RunStatus.RUNNING,
              start,
              Optional.empty(),
              0,
              0,
              0,
              0,
              0,
              Optional.empty()));
      store.recordStep(
          new StepRecord(
              "r1",
              "bronze.a",
              "dataset",
              RunStatus.SUCCEEDED,
              start,
              Optional.of(start.plusSeconds(5)),
              10,
              7,
              2,
              1,
              3,
              Optional.empty()));
      store.recordCheck(new CheckRecord("r1", "bronze.a", "has_id", "quarantine", 2));
      store.finishRun(
          new RunRecord(
              "r1",
              "p",
              "local",
              RunStatus.FAILED,
              start,
              Optional.of(start.plusSeconds(9)),
              "{}",
              Optional.of("boom")));
    }
    try (JdbcRunStore store = JdbcRunStore.open(url)) {
      assertThat(store.recentRuns(null, 10))
          .extracting(RunRecord::runId)
          .containsExactly("r2", "r1");
      RunRecord run = store.recentRuns("p", 10).get(0);
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(run.error()).contains("boom");
      assertThat(run.endedAt()).contains(start.plusSeconds(9).truncatedTo(ChronoUnit.MILLIS));
      assertThat(store.steps("r1"))
          .singleElement()
          .satisfies(
              step -> {
                assertThat(step.status()).isEqualTo(RunStatus.SUCCEEDED);
                assertThat(step.rowsIn()).isEqualTo(10);
                assertThat(step.rowsOut()).isEqualTo(7);
                assertThat(step.quarantined()).isEqualTo(2);
                assertThat(step.dropped()).isEqualTo(1);
                assertThat(step.warned()).isEqualTo(3);
                assertThat(step.balanced()).isTrue();
              });
      assertThat(store.checks("r1"))
          .containsExactly(new CheckRecord("r1", "bronze.a", "has_id", "quarantine", 2));
    }
  }

  @Test
  void masksPasswordsInUrls() {
    assertThat(JdbcRunStore.masked("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"))
        .isEqualTo("jdbc:postgresql://h/db?user=u&password=****&ssl=true");
  }

  @Test
  void relativeH2PathsResolveAgainstTheWorkingDirectory() {
    String cwd = Path.of("").toAbsolutePath().toString();
    assertThat(JdbcRunStore.absoluteH2("jdbc:h2:file:target/x/runs;MODE=PostgreSQL"))
        .isEqualTo("jdbc:h2:file:" + cwd + "/target/x/runs;MODE=PostgreSQL");
    assertThat(JdbcRunStore.absoluteH2("jdbc:h2:file:./.sluice/runs"))
        .isEqualTo("jdbc:h2:file:" + cwd + "/.sluice/runs");
    assertThat(JdbcRunStore.absoluteH2("jdbc:h2:file:~/runs")).isEqualTo("jdbc:h2:file:~/runs");
    assertThat(JdbcRunStore.absoluteH2("jdbc:postgresql://h/db"))
        .isEqualTo("jdbc:postgresql://h/db");
  }
}
