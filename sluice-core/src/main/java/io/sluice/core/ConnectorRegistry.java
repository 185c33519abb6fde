package io.sluice.core;

import io.sluice.spi.ConnectorFactory;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The installed connectors, found with {@link ServiceLoader}, by id. */
public final class ConnectorRegistry {
  private final Map<String, ConnectorFactory> factories;

  private ConnectorRegistry(Map<String, ConnectorFactory> factories) {
    this.factories = Collections.unmodifiableMap(new TreeMap<>(factories));
  }

  /** Loads every {@link ConnectorFactory} on the class path; two with one id is an error. */
  public static ConnectorRegistry load() {
    return of(
        ServiceLoader.load(ConnectorFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList());
  }

  public static ConnectorRegistry of(Collection<ConnectorFactory> list) {
    Map<String, ConnectorFactory> byId = new TreeMap<>();
    for (ConnectorFactory factory : list) {
      ConnectorFactory previous = byId.put(factory.id(), factory);
      if (previous != null) {
        throw new IllegalStateException(
            "Cannot register connector id '"
                + factory.id()
                + "' twice: both "
                + previous.getClass().getName()
                + " and "
                + factory.getClass().getName()
                + " declare it; remove one of the jars from the class path");
      }
    }
    return new ConnectorRegistry(byId);
  }

  public Optional<ConnectorFactory> find(String id) {
    return Optional.ofNullable(factories.get(id));
  }

  public Collection<ConnectorFactory> all() {
    return factories.values();
  }

  public String ids() {
    return String.join(", ", factories.keySet());
  }
}
