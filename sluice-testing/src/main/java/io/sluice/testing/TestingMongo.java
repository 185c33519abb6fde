package io.sluice.testing;

import io.sluice.services.EmbeddedMongo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One MongoDB wire-protocol server (the embedded one, H2 backend) per test JVM, started on first
 * use and stopped when the JVM exits. Each test takes a database of its own ({@link #newDatabase}),
 * so tests share the server, never their collections.
 */
public final class TestingMongo {
  private static EmbeddedMongo server;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private TestingMongo() {}

  /** The shared server. */
  public static synchronized EmbeddedMongo shared() {
    if (server == null) {
      try {
        server = EmbeddedMongo.start(Files.createTempDirectory("sluice-testing-mongo"), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedMongo started = server;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "testing-mongo-stop"));
    }
    return server;
  }

  /** A database name no other test uses, from {@code prefix}. */
  public static String newDatabase(String prefix) {
    shared();
    return prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_")
        + "_"
        + DATABASES.incrementAndGet();
  }
}
