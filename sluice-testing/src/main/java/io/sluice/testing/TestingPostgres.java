package io.sluice.testing;

import io.sluice.services.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM, started on first use and stopped when the JVM exits.
 * Each test takes a database of its own ({@link #newDatabase}), so tests share the server, never
 * their tables.
 */
public final class TestingPostgres {
  private static EmbeddedPostgres server;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private TestingPostgres() {}

  /** The shared server. */
  public static synchronized EmbeddedPostgres shared() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.start(Files.createTempDirectory("sluice-testing-pg"), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgres started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "testing-pg-stop"));
    }
    return server;
  }

  /** A new, empty database on the shared server named after {@code prefix}; its JDBC URL. */
  public static String newDatabase(String prefix) {
    String name =
        prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_")
            + "_"
            + DATABASES.incrementAndGet();
    EmbeddedPostgres postgres = shared();
    postgres.createDatabase(name);
    return postgres.jdbcUrl(name);
  }
}
