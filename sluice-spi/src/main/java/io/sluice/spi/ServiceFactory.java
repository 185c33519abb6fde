package io.sluice.spi;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.Consumer;

/**
 * A service that runs need started (or pointed at) before their steps, such as the pipeline's Kafka
 * or a local PostgreSQL server, found through {@link java.util.ServiceLoader} by its id. A
 * connector names the services it needs by id ({@link ConnectorFactory#needs}); the run starts each
 * once, in a stable order, stops them in reverse, and passes each one's address to connectors under
 * its id ({@code context.service(id)}).
 */
public interface ServiceFactory {
  /** The id connectors name it by, such as {@code kafka}. */
  String id();

  /** One line for people: what it is and where it runs. */
  String description();

  /** The order services start in: lower first (a database before a broker, say). */
  default int startOrder() {
    return 100;
  }

  /**
   * Starts the service for a run, or finds it already running (another process's, a configured
   * external one); the returned service's address is what connectors receive.
   */
  RunningService start(Request request);

  /** What a service may use to start: the pipeline's settings, and a line-printer for people. */
  record Request(Map<String, String> settings, Consumer<String> say) {
    /** The pipeline's Kafka setting: {@code embedded}, or bootstrap servers. */
    public static final String KAFKA = "kafka";

    public Request {
      settings = Map.copyOf(settings);
      requireNonNull(say, "say is null");
    }
  }
}
