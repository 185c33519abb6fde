package io.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.store.JdbcRunStore;
import io.sluice.testing.TestingPostgres;
import org.junit.jupiter.api.Test;

/** The run store on a real PostgreSQL 18 server (embedded, 127.0.0.1). */
class JdbcRunStorePostgresIT {

  @Test
  void keepsRunsStepsAndChecksInPostgres() {
    {
      String url = TestingPostgres.newDatabase("runs");
      JdbcRunStoreTest.keepsRunsStepsAndChecksAcrossReopening(url);
      // the schema exists once: opening again creates nothing and keeps the history
      try (JdbcRunStore store = JdbcRunStore.open(url)) {
        assertThat(store.recentRuns(null, 10)).hasSize(2);
      }
      // date claims and the scheduler lock, shared by two processes' connections
      try (JdbcRunStore one = JdbcRunStore.open(url);
          JdbcRunStore two = JdbcRunStore.open(url)) {
        String day = "2024-07-01T01:30:00+09:00";
        assertThat(one.claimDate("p", day, "run-1", false, "scheduler")).isTrue();
        assertThat(two.claimDate("p", day, "run-2", false, "scheduler")).isFalse();
        one.finishDate("p", day, "run-1", io.sluice.core.store.RunStatus.SUCCEEDED);
        assertThat(two.date("p", day).orElseThrow().status())
            .isEqualTo(io.sluice.core.store.RunStatus.SUCCEEDED);
        java.time.Duration stale = java.time.Duration.ofSeconds(30);
        assertThat(one.lock("scheduler", "a", stale)).isTrue();
        assertThat(two.lock("scheduler", "b", stale)).isFalse();
        assertThat(two.lockHolder("scheduler"))
            .hasValueSatisfying(h -> assertThat(h).startsWith("a "));
        assertThat(two.lock("scheduler", "b", java.time.Duration.ZERO))
            .isTrue(); // a's beat is stale
        assertThat(one.lock("scheduler", "a", stale)).isFalse();
      }
    }
  }
}
