package io.sluice.spi;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The connectors installed on the class path, by id, for a connector that works through another one
 * (the {@code http-api} source lands pages in Kafka and reads them back with the {@code kafka}
 * connector): connectors find each other here, never by importing each other's classes.
 */
public final class InstalledConnectors {
  private static volatile Map<String, ConnectorFactory> byId;

  private InstalledConnectors() {}

  /**
   * The installed connector {@code id}.
   *
   * @throws SluiceException naming the installed ids when there is none
   */
  public static ConnectorFactory require(String id, String neededBy) {
    ConnectorFactory factory = all().get(id);
    if (factory == null) {
      throw new SluiceException(
          ErrorCode.UNKNOWN_CONNECTOR,
          "Cannot use connector '"
              + id
              + "' for "
              + neededBy
              + ": it is not installed (installed: "
              + all().keySet()
              + ")");
    }
    return factory;
  }

  private static Map<String, ConnectorFactory> all() {
    Map<String, ConnectorFactory> loaded = byId;
    if (loaded == null) {
      Map<String, ConnectorFactory> found = new TreeMap<>();
      for (ConnectorFactory factory :
          ServiceLoader.load(ConnectorFactory.class, InstalledConnectors.class.getClassLoader())) {
        found.putIfAbsent(factory.id(), factory);
      }
      loaded = Map.copyOf(found);
      byId = loaded;
    }
    return loaded;
  }
}
