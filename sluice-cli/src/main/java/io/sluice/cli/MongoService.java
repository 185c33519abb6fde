package io.sluice.cli;

import io.sluice.services.EmbeddedMongo;
import io.sluice.spi.RunningService;
import io.sluice.spi.ServiceFactory;
import java.nio.file.Path;

/**
 * The run's MongoDB for a mongodb sink's {@code uri: embedded}: a MongoDB wire-protocol server
 * (mongo-java-server with its H2 backend) on 127.0.0.1:27217 with its data under .sluice/mongodb,
 * or the one another sluice process already serves there; its address is the connection string.
 */
public final class MongoService implements ServiceFactory {
  static final Path DIRECTORY = Path.of(".sluice", "mongodb");
  static final int PORT = 27217;

  @Override
  public String id() {
    return "mongodb";
  }

  @Override
  public String description() {
    return "an embedded MongoDB wire-protocol server on 127.0.0.1:" + PORT + " (mongo-java-server)";
  }

  @Override
  public int startOrder() {
    return 150;
  }

  @Override
  public RunningService start(Request request) {
    if (EmbeddedMongo.listening(PORT)) {
      request
          .say()
          .accept("Using the embedded MongoDB another sluice process serves at 127.0.0.1:" + PORT);
      return RunningService.of(EmbeddedMongo.connectionString(PORT), () -> {});
    }
    request
        .say()
        .accept("Starting the embedded MongoDB in " + DIRECTORY + " (127.0.0.1:" + PORT + ") ...");
    EmbeddedMongo mongo = EmbeddedMongo.start(DIRECTORY, PORT);
    return RunningService.of(mongo.connectionString(), mongo::close);
  }
}
