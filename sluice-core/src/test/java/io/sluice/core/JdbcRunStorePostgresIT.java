package io.sluice.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.store.JdbcRunStore;
import io.sluice.services.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run store on a real PostgreSQL 18 server (embedded, 127.0.0.1). */
class JdbcRunStorePostgresIT {
  @TempDir Path dir;

  @Test
  void keepsRunsStepsAndChecksInPostgres() {
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(dir.resolve("pg"), 0)) {
      pg.createDatabase("runs");
      String url = pg.jdbcUrl("runs");
      JdbcRunStoreTest.keepsRunsStepsAndChecksAcrossReopening(url);
      // the schema exists once: opening again creates nothing and keeps the history
      try (JdbcRunStore store = JdbcRunStore.open(url)) {
        assertThat(store.recentRuns(null, 10)).hasSize(2);
      }
    }
  }
}
