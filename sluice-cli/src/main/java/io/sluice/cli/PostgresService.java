package io.sluice.cli;

import io.sluice.services.EmbeddedPostgres;
import io.sluice.spi.RunningService;
import io.sluice.spi.ServiceFactory;
import java.nio.file.Path;

/**
 * A real PostgreSQL server for the run ({@code postgres}: a jdbc sink's {@code url: embedded}),
 * under .sluice/postgres on 127.0.0.1:15432, with a database {@code warehouse}; its address is that
 * database's JDBC URL.
 */
public final class PostgresService implements ServiceFactory {
  static final Path DIRECTORY = Path.of(".sluice", "postgres");
  static final int PORT = 15432;

  @Override
  public String id() {
    return "postgres";
  }

  @Override
  public String description() {
    return "an embedded PostgreSQL server on 127.0.0.1:" + PORT + " (database warehouse)";
  }

  @Override
  public int startOrder() {
    return 100;
  }

  @Override
  public RunningService start(Request request) {
    request
        .say()
        .accept(
            "Starting the embedded PostgreSQL server in "
                + DIRECTORY
                + " (127.0.0.1:"
                + PORT
                + ", database warehouse) ...");
    EmbeddedPostgres pg = EmbeddedPostgres.start(DIRECTORY, PORT);
    try {
      pg.createDatabase("warehouse");
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
    return RunningService.of(pg.jdbcUrl("warehouse"), pg::close);
  }
}
