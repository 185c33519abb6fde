package io.sluice.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {
  @TempDir Path work;

  @Test
  void aRealServerOnLoopbackKeepsItsDataAcrossRestarts() throws Exception {
    Path data = work.resolve("pg");
    int port;
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(data, 0)) {
      port = pg.port();
      pg.createDatabase("sluice");
      pg.createDatabase("sluice"); // again: a no-op
      try (Connection c = DriverManager.getConnection(pg.jdbcUrl("sluice"));
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id int PRIMARY KEY, name text)");
        s.execute("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
        try (ResultSet r = s.executeQuery("SELECT version(), inet_server_addr()::text")) {
          r.next();
          assertThat(r.getString(1)).startsWith("PostgreSQL 18");
          assertThat(r.getString(2)).startsWith("127.0.0.1");
        }
      }
    }
    try (EmbeddedPostgres pg = EmbeddedPostgres.start(data, port);
        Connection c = DriverManager.getConnection(pg.jdbcUrl("sluice"));
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*), max(name) FROM t")) {
      r.next();
      assertThat(r.getInt(1)).isEqualTo(2);
      assertThat(r.getString(2)).isEqualTo("two");
    }
  }
}
