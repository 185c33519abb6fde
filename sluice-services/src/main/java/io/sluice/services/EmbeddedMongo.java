package io.sluice.services;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.message.MongoMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB wire-protocol server for local runs and tests (mongo-java-server, STACK.md) on
 * 127.0.0.1, whose data stays in an H2 file under {@code directory}, so a restart keeps the
 * collections. Every request's changes are committed to the file before it is answered, so a
 * process killed right after an acknowledged write has not lost it. It is not a real MongoDB: no
 * transactions, no text search or map/reduce, no change streams, no {@code $collStats}
 * (docs/connectors/mongodb.md lists what matters).
 */
public final class EmbeddedMongo implements AutoCloseable {
  /** The file under the directory that holds the data. */
  public static final String DATA_FILE = "mongodb.mv.db";

  private final MongoServer server;
  private final DurableBackend backend;
  private final InetSocketAddress address;

  private EmbeddedMongo(MongoServer server, DurableBackend backend, InetSocketAddress address) {
    this.server = server;
    this.backend = backend;
    this.address = address;
  }

  /** Starts the server on 127.0.0.1:{@code port} (0: any free port) with its data in the folder. */
  public static EmbeddedMongo start(Path directory, int port) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + directory, e);
    }
    DurableBackend backend =
        new DurableBackend(directory.resolve(DATA_FILE).toAbsolutePath().toString());
    MongoServer server = new MongoServer(backend);
    try {
      server.bind("127.0.0.1", port);
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    return new EmbeddedMongo(server, backend, server.getLocalAddress());
  }

  /** Whether something accepts connections on 127.0.0.1:{@code port} (another process's server). */
  public static boolean listening(int port) {
    return LoopbackPorts.listening(port);
  }

  public int port() {
    return address.getPort();
  }

  /** {@code mongodb://127.0.0.1:PORT}. */
  public String connectionString() {
    return connectionString(port());
  }

  public static String connectionString(int port) {
    return "mongodb://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.shutdownNow();
    backend.close();
  }

  /**
   * The H2 backend, committing what each request changed before answering it (drivers since 3.6
   * send every command as an OP_MSG message).
   */
  private static final class DurableBackend extends H2Backend {
    DurableBackend(String file) {
      super(file);
    }

    @Override
    public Document handleMessage(MongoMessage message) {
      Document answer = super.handleMessage(message);
      commit();
      return answer;
    }
  }
}
