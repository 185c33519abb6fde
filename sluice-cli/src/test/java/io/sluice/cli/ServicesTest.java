package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.Planner;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.scheduler.ServiceSupervisor;
import io.sluice.spec.LoadRequest;
import io.sluice.spi.ServiceFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which services a plan's connectors name, found by id, in their start order. */
class ServicesTest {
  @TempDir Path dir;

  private Plan plan(String yaml) throws Exception {
    Path file = dir.resolve("pipeline.yaml");
    Files.writeString(file, yaml);
    return Planner.load(
        file,
        new LoadRequest("local", Map.of(), k -> null),
        ConnectorRegistry.load(),
        new SparkSqlAnalyzer());
  }

  @Test
  void theConnectorsNameTheirServicesAndTheyStartDatabaseFirst() throws Exception {
    Plan plan =
        plan(
            """
            pipeline: both
            sources:
              events: { type: kafka, topic: events, columns: { id: bigint } }
            datasets:
              bronze.events: { from: events }
            sinks:
              warehouse: { type: jdbc, from: bronze.events, url: embedded, table: events }
              documents: { type: mongodb, from: bronze.events, uri: embedded, database: d, collection: events }
            """);
    assertThat(Services.needed(plan)).containsExactlyInAnyOrder("kafka", "postgres", "mongodb");
    assertThat(Services.of(plan))
        .extracting(ServiceSupervisor.Service::name)
        .containsExactly("postgres", "mongodb", "kafka");
    assertThat(Services.installed())
        .containsOnlyKeys("kafka", "postgres", "mongodb")
        .allSatisfy((id, factory) -> assertThat(factory.description()).isNotBlank());
  }

  @Test
  void anExternalKafkaIsOnlyAnAddress() {
    ServiceFactory kafka = Services.installed().get("kafka");
    var running =
        kafka.start(
            new ServiceFactory.Request(
                Map.of(ServiceFactory.Request.KAFKA, "broker-1:9092,broker-2:9092"), line -> {}));
    assertThat(running.address()).isEqualTo("broker-1:9092,broker-2:9092");
    running.close(); // stops nothing
  }

  /** A profile service that needs the pipeline's Kafka and remembers what it was given. */
  static final class Producer implements io.sluice.spi.ServiceConnector {
    static Map<String, String> given;

    @Override
    public String id() {
      return "test-producer";
    }

    @Override
    public String description() {
      return "records the addresses it starts with";
    }

    @Override
    public java.util.Set<io.sluice.spi.Capability> capabilities() {
      return java.util.Set.of(io.sluice.spi.Capability.SERVICE);
    }

    @Override
    public java.util.List<io.sluice.spi.Option<?>> serviceOptions() {
      return java.util.List.of();
    }

    @Override
    public java.util.Set<String> needs(io.sluice.spi.ResolvedOptions options) {
      return java.util.Set.of("kafka");
    }

    @Override
    public io.sluice.spi.RunningService startService(
        String name, io.sluice.spi.ResolvedOptions options) {
      throw new AssertionError("the run passes the addresses");
    }

    @Override
    public io.sluice.spi.RunningService startService(
        String name, io.sluice.spi.ResolvedOptions options, Map<String, String> services) {
      given = services;
      return io.sluice.spi.RunningService.of("producing to " + services.get("kafka"), () -> {});
    }
  }

  @Test
  void profileServicesStartAfterTheConnectorsServicesAndGetTheirAddresses() throws Exception {
    Path file = dir.resolve("producer.yaml");
    Files.writeString(
        file,
        """
        pipeline: produced
        services:
          reviews_producer: { type: test-producer }
        datasets:
          gold.one: { sql: SELECT 1 AS x }
        """);
    java.util.List<io.sluice.spi.ConnectorFactory> connectors =
        new java.util.ArrayList<>(ConnectorRegistry.load().all());
    connectors.add(new Producer());
    Plan plan =
        Planner.load(
            file,
            new LoadRequest("local", Map.of(), k -> null),
            ConnectorRegistry.of(connectors),
            new SparkSqlAnalyzer());

    assertThat(Services.needed(plan)).containsExactly("kafka");
    java.util.List<ServiceSupervisor.Service> services = Services.of(plan);
    assertThat(services)
        .extracting(ServiceSupervisor.Service::name)
        .containsExactly("kafka", "reviews_producer");
    services.get(1).starter().start(Map.of("kafka", "127.0.0.1:9999")).close();
    assertThat(Producer.given).containsExactly(Map.entry("kafka", "127.0.0.1:9999"));
  }

  @Test
  void aPipelineWithoutServicesStartsNone() throws Exception {
    Plan plan = plan("pipeline: none\ndatasets:\n  gold.one: { sql: SELECT 1 AS x }\n");
    assertThat(Services.needed(plan)).isEmpty();
    assertThat(Services.of(plan)).isEmpty();
  }
}
