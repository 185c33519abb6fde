package io.sluice.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Iceberg's REST catalog server (module sluice-rest-catalog: Iceberg's adapter and servlet on Jetty
 * 12, its JDBC catalog on an H2 file) as a child process on 127.0.0.1, for the tests of {@code
 * catalog: rest}. Its class path is the file the system property {@value #CLASSPATH_PROPERTY} names
 * (the build sets it); stopped by {@link #close}.
 */
public final class TestingRestCatalog implements AutoCloseable {
  /** The system property naming the server's class path file. */
  public static final String CLASSPATH_PROPERTY = "sluice.rest-catalog.classpath";

  private final ChildServer server;

  private TestingRestCatalog(ChildServer server) {
    this.server = server;
  }

  /**
   * Starts a server whose tables get their homes under {@code warehouse} (a URI) and whose catalog
   * database and log live in {@code work}; returns once it accepts connections.
   */
  public static TestingRestCatalog start(Path work, String warehouse) throws IOException {
    int port = ChildServer.freePort();
    return new TestingRestCatalog(
        ChildServer.start(
            "rest-catalog",
            CLASSPATH_PROPERTY,
            "sluice-rest-catalog",
            work,
            port,
            List.of(),
            "io.sluice.restcatalog.RestCatalogMain",
            List.of(Integer.toString(port), warehouse, work.resolve("catalog").toString())));
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String uri() {
    return "http://127.0.0.1:" + server.port();
  }

  public Path log() {
    return server.log();
  }

  @Override
  public void close() {
    server.close();
  }
}
