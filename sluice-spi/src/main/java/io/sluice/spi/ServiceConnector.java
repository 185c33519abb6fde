package io.sluice.spi;

import java.util.List;

/** A connector that starts a local stand-in service for a profile's runs (a simulator, say). */
public interface ServiceConnector extends ConnectorFactory {
  @Override
  List<Option<?>> serviceOptions();

  /** Starts a service of this type for one run. */
  RunningService startService(String name, ResolvedOptions options);
}
