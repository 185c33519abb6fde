package io.sluice.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Date claims in an H2 run store: claimed once, finished, interrupted, re-claimed. */
class DateClaimsTest {
  @TempDir Path work;

  @Test
  void eachDateIsClaimedOnceAndEndsWithItsRunsStatus() {
    String url = "jdbc:h2:file:" + work.resolve("runs");
    for (int day = 1; day <= 8; day++) {
      String key = "2024-07-0" + day + "T01:30:00+09:00";
      String run = "run-" + day;
      try (JdbcRunStore store = JdbcRunStore.open(url)) {
        assertThat(store.claimDate("p", key, run, false, "scheduler")).isTrue();
        assertThat(store.claimDate("p", key, "other", false, "scheduler")).isFalse();
      }
      try (JdbcRunStore store = JdbcRunStore.open(url)) {
        store.startRun(
            new RunRecord(
                run,
                "p",
                "local",
                RunStatus.RUNNING,
                Instant.now(),
                Optional.empty(),
                "{}",
                Optional.empty()));
        store.finishRun(
            new RunRecord(
                run,
                "p",
                "local",
                RunStatus.SUCCEEDED,
                Instant.now(),
                Optional.of(Instant.now()),
                "{}",
                Optional.empty()));
      }
      try (JdbcRunStore store = JdbcRunStore.open(url)) {
        store.finishDate("p", key, run, RunStatus.SUCCEEDED);
      }
    }
    try (JdbcRunStore store = JdbcRunStore.open(url)) {
      assertThat(store.dates("p")).hasSize(8).allMatch(d -> d.status() == RunStatus.SUCCEEDED);
      assertThat(store.claimDate("p", "2024-07-01T01:30:00+09:00", "again", false, "x")).isFalse();
      assertThat(store.claimDate("p", "2024-07-01T01:30:00+09:00", "again", true, "x")).isTrue();
      assertThat(store.interruptClaims("x", "gone")).hasSize(1);
      assertThat(store.date("p", "2024-07-01T01:30:00+09:00").orElseThrow().status())
          .isEqualTo(RunStatus.INTERRUPTED);
      assertThat(store.claimDate("p", "2024-07-01T01:30:00+09:00", "third", false, "y")).isTrue();
    }
  }
}
