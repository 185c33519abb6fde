package io.sluice.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A real Hive 2.3 Metastore (Hive's own metastore handler and Thrift protocol, the one Spark 4.1
 * and Iceberg's Hive catalog talk to) as a child process on 127.0.0.1, its Derby database under a
 * folder, so that the tables it registers outlive the run. Tables' default home is the warehouse
 * given at start (the lake).
 */
public final class EmbeddedMetastore implements AutoCloseable {
  /** The port a new metastore gets when it is free (Hive's usual one is 9083). */
  public static final int PREFERRED_PORT = 19083;

  private final int port;
  private final Optional<HadoopProcess> process;

  private EmbeddedMetastore(int port, Optional<HadoopProcess> process) {
    this.port = port;
    this.process = process;
  }

  /**
   * The metastore whose database is under {@code directory}: the one another process serves from
   * it, else one started now. {@code hadoopConf}: extra Hadoop properties (the embedded HDFS's
   * address, so the metastore can make databases' folders there).
   */
  public static EmbeddedMetastore start(
      Path directory, String warehouse, Map<String, String> hadoopConf, Consumer<String> say) {
    Path folder = directory.toAbsolutePath().normalize();
    Path portFile = folder.resolve("metastore.port");
    if (Files.isRegularFile(portFile)) {
      int port = LoopbackPorts.readPort(portFile);
      if (LoopbackPorts.listening(port)) {
        say.accept("Using the embedded Hive Metastore another sluice process runs at " + uri(port));
        return new EmbeddedMetastore(port, Optional.empty());
      }
    }
    int port = LoopbackPorts.preferredOrFree(PREFERRED_PORT);
    Path conf = folder.resolve("conf");
    try {
      Files.createDirectories(conf);
      Files.writeString(conf.resolve("core-site.xml"), HadoopXml.of(hadoopConf));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the metastore's configuration in " + conf, e);
    }
    say.accept("Starting the embedded Hive Metastore at " + uri(port) + " ...");
    HadoopProcess metastore =
        HadoopProcess.start(
            "Hive Metastore",
            conf,
            "io.sluice.hadoop.Metastore",
            List.of(Integer.toString(port), folder.toString(), warehouse),
            folder.resolve("logs").resolve("metastore.log"));
    long deadline = System.nanoTime() + 180_000_000_000L;
    while (!LoopbackPorts.listening(port)) {
      if (!metastore.alive()) {
        throw metastore.failure("exited while starting");
      }
      if (System.nanoTime() > deadline) {
        metastore.close();
        throw metastore.failure("did not listen on 127.0.0.1:" + port + " in 180 s");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        metastore.close();
        throw new IllegalStateException("Interrupted while the metastore started", e);
      }
    }
    try {
      Files.writeString(portFile, Integer.toString(port));
    } catch (IOException e) {
      metastore.close();
      throw new UncheckedIOException("Cannot write " + portFile, e);
    }
    return new EmbeddedMetastore(port, Optional.of(metastore));
  }

  public int port() {
    return port;
  }

  /** {@code thrift://127.0.0.1:PORT}. */
  public String uri() {
    return uri(port);
  }

  static String uri(int port) {
    return "thrift://127.0.0.1:" + port;
  }

  /** Stops the metastore this instance started (none if it found another's). */
  @Override
  public void close() {
    process.ifPresent(HadoopProcess::close);
  }
}
