package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.services.EmbeddedKafka;
import io.sluice.spec.EngineSettings;
import io.sluice.spi.SharedService;
import io.sluice.spi.spark.SourceContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The services a run needs: the embedded Kafka broker (under .sluice/kafka, 127.0.0.1) when the
 * pipeline uses Kafka and its setting is {@code embedded}, or the configured bootstrap servers.
 */
final class Services implements AutoCloseable {
  static final Path KAFKA_DIRECTORY = Path.of(".sluice", "kafka");
  static final Path POSTGRES_DIRECTORY = Path.of(".sluice", "postgres");
  static final int POSTGRES_PORT = 15432;

  private final Map<String, String> addresses;
  private final EmbeddedKafka kafka;
  private final java.util.List<io.sluice.spi.RunningService> started;

  private Services(
      Map<String, String> addresses,
      EmbeddedKafka kafka,
      java.util.List<io.sluice.spi.RunningService> started) {
    this.addresses = Map.copyOf(addresses);
    this.kafka = kafka;
    this.started = started;
  }

  static Services start(Plan plan) {
    EngineSettings settings = plan.spec().settings();
    Map<String, String> addresses = new HashMap<>();
    java.util.List<io.sluice.spi.RunningService> started = new java.util.ArrayList<>();
    for (io.sluice.core.plan.PlannedSource service : plan.services()) {
      try {
        io.sluice.spi.RunningService running =
            service.factory().startService(service.spec().name(), service.options());
        started.add(running);
        System.out.println(
            "Started service "
                + service.spec().name()
                + " ("
                + service.factory().id()
                + ") at "
                + running.address());
      } catch (RuntimeException e) {
        started.forEach(io.sluice.spi.RunningService::close);
        throw e;
      }
    }
    java.util.Set<SharedService> needed = needed(plan);
    if (needed.contains(SharedService.EMBEDDED_POSTGRES)) {
      System.out.println(
          "Starting the embedded PostgreSQL server in "
              + POSTGRES_DIRECTORY
              + " (127.0.0.1:"
              + POSTGRES_PORT
              + ", database warehouse) ...");
      io.sluice.services.EmbeddedPostgres pg =
          io.sluice.services.EmbeddedPostgres.start(POSTGRES_DIRECTORY, POSTGRES_PORT);
      pg.createDatabase("warehouse");
      addresses.put(io.sluice.spi.spark.SinkContext.EMBEDDED_POSTGRES_URL, pg.jdbcUrl("warehouse"));
      started.add(
          new io.sluice.spi.RunningService() {
            @Override
            public String address() {
              return pg.jdbcUrl("warehouse");
            }

            @Override
            public void close() {
              pg.close();
            }
          });
    }
    EmbeddedKafka kafka = null;
    if (needed.contains(SharedService.KAFKA)) {
      java.util.Optional<String> running =
          settings.embeddedKafka()
              ? EmbeddedKafka.runningElsewhere(KAFKA_DIRECTORY)
              : java.util.Optional.empty();
      if (running.isPresent()) {
        System.out.println(
            "Using the embedded Kafka broker another sluice process runs at " + running.get());
        addresses.put(SourceContext.KAFKA_BOOTSTRAP_SERVERS, running.get());
      } else if (settings.embeddedKafka()) {
        System.out.println("Starting the embedded Kafka broker in " + KAFKA_DIRECTORY + " ...");
        kafka = EmbeddedKafka.start(KAFKA_DIRECTORY);
        addresses.put(SourceContext.KAFKA_BOOTSTRAP_SERVERS, kafka.bootstrapServers());
      } else {
        addresses.put(SourceContext.KAFKA_BOOTSTRAP_SERVERS, settings.kafka());
      }
    }
    return new Services(addresses, kafka, started);
  }

  /** The services the plan's sources and sinks need. */
  static java.util.Set<SharedService> needed(Plan plan) {
    java.util.Set<SharedService> needed = java.util.EnumSet.noneOf(SharedService.class);
    for (PlannedDataset dataset : plan.datasets()) {
      if (dataset.source() != null) {
        needed.addAll(dataset.source().factory().needs(dataset.source().options()));
      }
    }
    for (PlannedSink sink : plan.sinks()) {
      needed.addAll(sink.factory().needs(sink.options()));
    }
    for (io.sluice.core.plan.PlannedSource sensor : plan.sensors()) {
      needed.addAll(sensor.factory().needs(sensor.options()));
    }
    return needed;
  }

  Map<String, String> addresses() {
    return addresses;
  }

  @Override
  public void close() {
    if (kafka != null) {
      kafka.close();
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).close();
    }
  }
}
