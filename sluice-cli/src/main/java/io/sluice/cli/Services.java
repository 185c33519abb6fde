package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.plan.PlannedSource;
import io.sluice.scheduler.ServiceSupervisor;
import io.sluice.services.EmbeddedKafka;
import io.sluice.services.EmbeddedPostgres;
import io.sluice.spec.EngineSettings;
import io.sluice.spi.RunningService;
import io.sluice.spi.SharedService;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SourceContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The services a run needs, in start order: the profile's services, the embedded PostgreSQL server
 * (under .sluice/postgres) when a sink writes to it, and the embedded Kafka broker (under
 * .sluice/kafka, 127.0.0.1) when the pipeline uses Kafka and its setting is {@code embedded}, or
 * the configured bootstrap servers. A {@link ServiceSupervisor} starts and stops them.
 */
final class Services {
  static final Path KAFKA_DIRECTORY = Path.of(".sluice", "kafka");
  static final Path POSTGRES_DIRECTORY = Path.of(".sluice", "postgres");
  static final int POSTGRES_PORT = 15432;

  private Services() {}

  static ServiceSupervisor start(Plan plan) {
    return ServiceSupervisor.start(of(plan), System.err::println);
  }

  /** What {@link #start} starts, in order. */
  static List<ServiceSupervisor.Service> of(Plan plan) {
    List<ServiceSupervisor.Service> services = new ArrayList<>();
    for (PlannedSource service : plan.services()) {
      services.add(
          new ServiceSupervisor.Service(service.spec().name(), () -> profileService(service)));
    }
    Set<SharedService> needed = needed(plan);
    if (needed.contains(SharedService.EMBEDDED_POSTGRES)) {
      services.add(new ServiceSupervisor.Service("embedded PostgreSQL", Services::postgres));
    }
    if (needed.contains(SharedService.KAFKA)) {
      EngineSettings settings = plan.spec().settings();
      services.add(new ServiceSupervisor.Service("Kafka", () -> kafka(settings)));
    }
    return services;
  }

  private static ServiceSupervisor.Started profileService(PlannedSource service) {
    RunningService running =
        service.factory().startService(service.spec().name(), service.options());
    System.out.println(
        "Started service "
            + service.spec().name()
            + " ("
            + service.factory().id()
            + ") at "
            + running.address());
    return started(Map.of(), running);
  }

  private static ServiceSupervisor.Started postgres() {
    System.out.println(
        "Starting the embedded PostgreSQL server in "
            + POSTGRES_DIRECTORY
            + " (127.0.0.1:"
            + POSTGRES_PORT
            + ", database warehouse) ...");
    EmbeddedPostgres pg = EmbeddedPostgres.start(POSTGRES_DIRECTORY, POSTGRES_PORT);
    try {
      pg.createDatabase("warehouse");
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
    return started(Map.of(SinkContext.EMBEDDED_POSTGRES_URL, pg.jdbcUrl("warehouse")), pg::close);
  }

  private static ServiceSupervisor.Started kafka(EngineSettings settings) {
    String key = SourceContext.KAFKA_BOOTSTRAP_SERVERS;
    if (!settings.embeddedKafka()) {
      return ServiceSupervisor.Started.external(Map.of(key, settings.kafka()));
    }
    Optional<String> running = EmbeddedKafka.runningElsewhere(KAFKA_DIRECTORY);
    if (running.isPresent()) {
      System.out.println(
          "Using the embedded Kafka broker another sluice process runs at " + running.get());
      return ServiceSupervisor.Started.external(Map.of(key, running.get()));
    }
    System.out.println("Starting the embedded Kafka broker in " + KAFKA_DIRECTORY + " ...");
    EmbeddedKafka kafka = EmbeddedKafka.start(KAFKA_DIRECTORY);
    return started(Map.of(key, kafka.bootstrapServers()), kafka::close);
  }

  private static ServiceSupervisor.Started started(Map<String, String> addresses, Runnable stop) {
    return new ServiceSupervisor.Started() {
      @Override
      public Map<String, String> addresses() {
        return addresses;
      }

      @Override
      public void close() {
        stop.run();
      }
    };
  }

  private static ServiceSupervisor.Started started(
      Map<String, String> addresses, RunningService running) {
    return started(addresses, running::close);
  }

  /** The services the plan's sources and sinks need. */
  static Set<SharedService> needed(Plan plan) {
    Set<SharedService> needed = EnumSet.noneOf(SharedService.class);
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
    return needed;
  }
}
