package io.sluice.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Iceberg's REST catalog server (module sluice-rest-catalog: Iceberg's adapter and servlet on Jetty
 * 12, its JDBC catalog on an H2 file) as a child process on 127.0.0.1, for the tests of {@code
 * catalog: rest}. Its class path is the file the system property {@value #CLASSPATH_PROPERTY} names
 * (the build sets it); stopped by {@link #close}.
 */
public final class TestingRestCatalog implements AutoCloseable {
  /** The system property naming the server's class path file. */
  public static final String CLASSPATH_PROPERTY = "sluice.rest-catalog.classpath";

  private final Process process;
  private final int port;
  private final Path log;

  private TestingRestCatalog(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts a server whose tables get their homes under {@code warehouse} (a URI) and whose catalog
   * database and log live in {@code work}; returns once it accepts connections.
   */
  public static TestingRestCatalog start(Path work, String warehouse) throws IOException {
    String classpathFile = System.getProperty(CLASSPATH_PROPERTY);
    if (classpathFile == null || !Files.isRegularFile(Path.of(classpathFile))) {
      throw new IllegalStateException(
          "No REST catalog class path: build module sluice-rest-catalog (mvn package) and set "
              + CLASSPATH_PROPERTY
              + " to its target/rest-catalog-classpath.txt (was "
              + classpathFile
              + ")");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Files.createDirectories(work);
    Path argfile = work.resolve("rest-catalog.argfile");
    Files.writeString(
        argfile,
        "-cp \""
            + Files.readString(Path.of(classpathFile), StandardCharsets.UTF_8)
                .trim()
                .replace("\\", "\\\\")
            + "\"",
        StandardCharsets.UTF_8);
    Path log = work.resolve("rest-catalog.log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "@" + argfile,
            "io.sluice.restcatalog.RestCatalogMain",
            Integer.toString(port),
            warehouse,
            work.resolve("catalog").toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    TestingRestCatalog catalog = new TestingRestCatalog(process, port, log);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    String listening = "listening on " + port;
    while (!Files.readString(log, StandardCharsets.UTF_8).contains(listening)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        catalog.close();
        throw new IllegalStateException(
            "The REST catalog server did not start: " + Files.readString(log));
      }
      try {
        Thread.sleep(100); // polling its log for the line it prints once it accepts connections
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        catalog.close();
        throw new IllegalStateException("Interrupted while the REST catalog started", e);
      }
    }
    return catalog;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String uri() {
    return "http://127.0.0.1:" + port;
  }

  public Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
