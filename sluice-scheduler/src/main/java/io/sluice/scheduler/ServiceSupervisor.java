package io.sluice.scheduler;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts a run's services in order and stops them in reverse. When one fails to start, the ones
 * already started are stopped before the failure is thrown, so nothing is left running (a broker, a
 * database server) by a run that never began.
 */
public final class ServiceSupervisor implements AutoCloseable {
  /** A service to start: its name, for people, and how to start it. */
  public record Service(String name, Starter starter) {
    public Service {
      requireNonNull(name, "name is null");
      requireNonNull(starter, "starter is null");
    }
  }

  /**
   * Starts a service, given the addresses of the services started before it (a producer that writes
   * to the run's Kafka, say); what it returns is stopped when the run's services stop.
   */
  @FunctionalInterface
  public interface Starter {
    Started start(Map<String, String> startedBefore);
  }

  /** A started service: addresses for connectors (key to value), and how to stop it. */
  public interface Started extends AutoCloseable {
    Map<String, String> addresses();

    @Override
    void close();
  }

  private final List<Started> started;
  private final Map<String, String> addresses;
  private final Consumer<String> log;

  private ServiceSupervisor(
      List<Started> started, Map<String, String> addresses, Consumer<String> log) {
    this.started = started;
    this.addresses = Map.copyOf(addresses);
    this.log = log;
  }

  /** Starts {@code services} in order; {@code log} hears of any that fails to stop. */
  public static ServiceSupervisor start(List<Service> services, Consumer<String> log) {
    List<Started> started = new ArrayList<>();
    Map<String, String> addresses = new HashMap<>();
    for (Service service : services) {
      Started one;
      try {
        one = service.starter().start(Map.copyOf(addresses));
      } catch (RuntimeException e) {
        stopAll(started, log);
        throw e;
      }
      started.add(one);
      addresses.putAll(one.addresses());
    }
    return new ServiceSupervisor(started, addresses, log);
  }

  /** Addresses of the started or configured services, for connectors. */
  public Map<String, String> addresses() {
    return addresses;
  }

  @Override
  public void close() {
    stopAll(started, log);
  }

  private static void stopAll(List<Started> started, Consumer<String> log) {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (RuntimeException e) {
        log.accept("warning: a service did not stop cleanly: " + e.getMessage());
      }
    }
    started.clear();
  }
}
