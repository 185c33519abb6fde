package io.sluice.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The PostgreSQL database that holds a lake's Iceberg JDBC catalog ({@code catalog: jdbc} with
 * {@code catalog_uri: embedded}): a real server on 127.0.0.1 with its data under a folder, the one
 * another sluice process already serves from that folder, else one started now. The catalog's
 * tables (iceberg_tables, iceberg_namespace_properties) live in its database {@value #DATABASE}.
 */
public final class EmbeddedCatalogDatabase implements AutoCloseable {
  /** The database of the catalog's tables. */
  public static final String DATABASE = "iceberg_catalog";

  private static final int PREFERRED_PORT = 15433;

  private final int port;
  private final Optional<EmbeddedPostgres> server;

  private EmbeddedCatalogDatabase(int port, Optional<EmbeddedPostgres> server) {
    this.port = port;
    this.server = server;
  }

  /** The catalog database whose data is under {@code directory}, started if nobody serves it. */
  public static EmbeddedCatalogDatabase start(Path directory, Consumer<String> say) {
    Path folder = directory.toAbsolutePath().normalize();
    Path portFile = folder.resolve("catalog.port");
    if (Files.isRegularFile(portFile)) {
      int port = LoopbackPorts.readPort(portFile);
      if (port > 0 && LoopbackPorts.listening(port)) {
        say.accept(
            "Using the embedded catalog database another sluice process runs at 127.0.0.1:" + port);
        return new EmbeddedCatalogDatabase(port, Optional.empty());
      }
    }
    int port = LoopbackPorts.preferredOrFree(PREFERRED_PORT);
    say.accept(
        "Starting the embedded PostgreSQL server of the lake's catalog in "
            + folder
            + " (127.0.0.1:"
            + port
            + ", database "
            + DATABASE
            + ") ...");
    EmbeddedPostgres postgres = EmbeddedPostgres.start(folder.resolve("data"), port);
    try {
      postgres.createDatabase(DATABASE);
      Files.writeString(portFile, Integer.toString(postgres.port()));
    } catch (IOException e) {
      postgres.close();
      throw new UncheckedIOException("Cannot write " + portFile, e);
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
    return new EmbeddedCatalogDatabase(postgres.port(), Optional.of(postgres));
  }

  public int port() {
    return port;
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/iceberg_catalog?user=postgres}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?user=postgres";
  }

  /** Stops the server this instance started (none if it found another's). */
  @Override
  public void close() {
    server.ifPresent(EmbeddedPostgres::close);
  }
}
