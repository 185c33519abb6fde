package io.sluice.spi;

import java.util.List;

/** A connector that starts a local stand-in service for a profile's runs (a simulator, say). */
public interface ServiceConnector extends ConnectorFactory {
  @Override
  List<Option<?>> serviceOptions();

  /** Starts a service of this type for one run. */
  RunningService startService(String name, ResolvedOptions options);

  /**
   * As above, with the addresses of the run's services started before it, by id (the pipeline's
   * Kafka under {@code kafka}, say): profile services start after the services the pipeline's
   * connectors need, so a producer can write to the run's broker.
   */
  default RunningService startService(
      String name, ResolvedOptions options, java.util.Map<String, String> services) {
    return startService(name, options);
  }
}
