package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.plan.PlannedSource;
import io.sluice.scheduler.ServiceSupervisor;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.RunningService;
import io.sluice.spi.ServiceFactory;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The services a run needs, in start order: the profile's services (simulators and the like), then
 * the services its connectors name ({@link ServiceFactory}, found by id: the pipeline's Kafka, an
 * embedded PostgreSQL). A {@link ServiceSupervisor} starts and stops them.
 */
final class Services {
  private Services() {}

  static ServiceSupervisor start(Plan plan) {
    return ServiceSupervisor.start(of(plan), System.err::println);
  }

  /**
   * What {@link #start} starts, in order: the services the pipeline's connectors need (a database
   * before a broker), then the profile's services (simulators, producers), which are given the
   * addresses of the first ones.
   */
  static List<ServiceSupervisor.Service> of(Plan plan) {
    List<ServiceSupervisor.Service> services = new ArrayList<>();
    Map<String, ServiceFactory> installed = installed();
    ServiceFactory.Request request =
        new ServiceFactory.Request(
            Map.of(ServiceFactory.Request.KAFKA, plan.spec().settings().kafka()),
            System.out::println);
    needed(plan).stream()
        .map(
            id -> {
              ServiceFactory factory = installed.get(id);
              if (factory == null) {
                throw new SluiceException(
                    ErrorCode.UNKNOWN_CONNECTOR,
                    "Cannot start service '"
                        + id
                        + "' that the pipeline's connectors need: no such service is installed"
                        + " (installed: "
                        + installed.keySet()
                        + ")");
              }
              return factory;
            })
        .sorted(Comparator.comparingInt(ServiceFactory::startOrder))
        .forEach(
            factory ->
                services.add(
                    new ServiceSupervisor.Service(
                        factory.id(), before -> started(factory.id(), factory.start(request)))));
    for (PlannedSource service : plan.services()) {
      services.add(
          new ServiceSupervisor.Service(
              service.spec().name(), before -> profileService(service, before)));
    }
    return services;
  }

  static Map<String, ServiceFactory> installed() {
    Map<String, ServiceFactory> byId = new TreeMap<>();
    for (ServiceFactory factory : ServiceLoader.load(ServiceFactory.class)) {
      byId.putIfAbsent(factory.id(), factory);
    }
    return byId;
  }

  private static ServiceSupervisor.Started profileService(
      PlannedSource service, Map<String, String> before) {
    RunningService running =
        service.factory().service().startService(service.spec().name(), service.options(), before);
    System.out.println(
        "Started service "
            + service.spec().name()
            + " ("
            + service.factory().id()
            + ") at "
            + running.address());
    return started(null, running);
  }

  /** A started service; its address goes to connectors under {@code id} (none for profiles'). */
  private static ServiceSupervisor.Started started(String id, RunningService running) {
    Map<String, String> addresses = id == null ? Map.of() : Map.of(id, running.address());
    return new ServiceSupervisor.Started() {
      @Override
      public Map<String, String> addresses() {
        return addresses;
      }

      @Override
      public void close() {
        running.close();
      }
    };
  }

  /** The ids of the services the plan's sources, sinks and sensors need. */
  static Set<String> needed(Plan plan) {
    Set<String> needed = new TreeSet<>();
    for (PlannedDataset dataset : plan.datasets()) {
      if (dataset.source() != null) {
        needed.addAll(dataset.source().factory().needs(dataset.source().options()));
      }
    }
    for (PlannedSink sink : plan.sinks()) {
      needed.addAll(sink.factory().needs(sink.options()));
    }
    for (PlannedSource sensor : plan.sensors()) {
      needed.addAll(sensor.factory().needs(sensor.options()));
    }
    for (PlannedSource service : plan.services()) {
      needed.addAll(service.factory().needs(service.options()));
    }
    return needed;
  }
}
