package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.Capability;
import io.sluice.spi.ConnectorFactory;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * What every connector promises, checked the same way for each: registered once for {@link
 * ServiceLoader} under a lowercase id; every option typed, documented and unique, its default of
 * its type and allowed; its capabilities and its declared options agreeing; and what it cannot do
 * refused with a message naming it. A connector module's test extends this with its factories.
 */
public abstract class ConnectorContract {
  /** The factories the module registers. */
  protected abstract List<Class<? extends ConnectorFactory>> registered();

  private List<ConnectorFactory> factories() {
    List<ConnectorFactory> found = new ArrayList<>();
    for (ConnectorFactory factory : ServiceLoader.load(ConnectorFactory.class)) {
      if (registered().contains(factory.getClass())) {
        found.add(factory);
      }
    }
    return found;
  }

  @Test
  void everyFactoryIsRegisteredOnceUnderALowercaseId() {
    List<ConnectorFactory> factories = factories();
    assertThat(factories)
        .extracting(f -> (Object) f.getClass())
        .containsExactlyInAnyOrderElementsOf(registered());
    for (ConnectorFactory factory : factories) {
      assertThat(factory.id()).as(factory.getClass().getName()).matches("[a-z][a-z0-9-]*");
      assertThat(factory.description()).as("description of %s", factory.id()).isNotBlank();
      assertThat(factory.capabilities()).as("capabilities of %s", factory.id()).isNotEmpty();
    }
  }

  @Test
  void everyOptionIsTypedDocumentedAndUnique() {
    for (ConnectorFactory factory : factories()) {
      Map<String, List<Option<?>>> lists =
          Map.of(
              "source", factory.sourceOptions(),
              "sink", factory.sinkOptions(),
              "sensor", factory.sensorOptions(),
              "service", factory.serviceOptions());
      lists.forEach(
          (role, options) -> {
            Set<String> keys = new HashSet<>();
            for (Option<?> option : options) {
              String where = factory.id() + " " + role + " option " + option.key();
              assertThat(keys.add(option.key())).as(where + " is declared once").isTrue();
              assertThat(option.key()).as(where).matches("[a-z][a-z0-9_]*");
              assertThat(option.description()).as("description of " + where).isNotBlank();
              assertThat(option.required() && option.defaultValue().isPresent())
                  .as(where + " is required and has a default")
                  .isFalse();
              if (!option.allowedValues().isEmpty() && option.defaultValue().isPresent()) {
                assertThat(option.allowedValues())
                    .as("allowed values of " + where)
                    .contains(option.defaultValue().get().toString());
              }
            }
          });
    }
  }

  @Test
  void capabilitiesAndDeclaredOptionsAgree() {
    for (ConnectorFactory factory : factories()) {
      Set<Capability> can = factory.capabilities();
      boolean source =
          can.contains(Capability.BATCH_SOURCE) || can.contains(Capability.STREAMING_SOURCE);
      boolean sink = can.contains(Capability.BATCH_SINK) || can.contains(Capability.STREAMING_SINK);
      assertThat(!factory.sourceOptions().isEmpty())
          .as("%s declares source options iff it is a source", factory.id())
          .isEqualTo(source);
      assertThat(!factory.sinkOptions().isEmpty())
          .as("%s declares sink options iff it is a sink", factory.id())
          .isEqualTo(sink);
      assertThat(!factory.sensorOptions().isEmpty() || !can.contains(Capability.SENSOR))
          .as("%s is a sensor with options", factory.id())
          .isTrue();
      assertThat(factory.serviceOptions().isEmpty() || can.contains(Capability.SERVICE))
          .as("%s declares service options only as a service", factory.id())
          .isTrue();
    }
  }

  @Test
  void itsCapabilitiesAreTheRolesItImplements() {
    Map<Capability, Class<?>> roles =
        Map.of(
            Capability.BATCH_SOURCE, io.sluice.spi.SourceConnector.class,
            Capability.STREAMING_SOURCE, io.sluice.spi.StreamingSourceConnector.class,
            Capability.BATCH_SINK, io.sluice.spi.SinkConnector.class,
            Capability.STREAMING_SINK, io.sluice.spi.StreamingSinkConnector.class,
            Capability.SENSOR, io.sluice.spi.SensorConnector.class,
            Capability.SERVICE, io.sluice.spi.ServiceConnector.class);
    for (ConnectorFactory factory : factories()) {
      roles.forEach(
          (capability, role) ->
              assertThat(factory.capabilities().contains(capability))
                  .as(
                      "%s has %s iff it implements %s",
                      factory.id(), capability, role.getSimpleName())
                  .isEqualTo(role.isInstance(factory)));
    }
  }

  @Test
  void whatItCannotDoItRefusesNamingItself() {
    ResolvedOptions none = new ResolvedOptions(Map.of());
    Map<Capability, Function<ConnectorFactory, Object>> creators =
        Map.of(
            Capability.BATCH_SOURCE, f -> f.source().createBatchSource(none),
            Capability.STREAMING_SOURCE, f -> f.streamingSource().createStreamingSource(none),
            Capability.BATCH_SINK, f -> f.sink().createBatchSink(none),
            Capability.SENSOR, f -> f.sensor().createSensor(none));
    for (ConnectorFactory factory : factories()) {
      creators.forEach(
          (capability, create) -> {
            if (!factory.capabilities().contains(capability)) {
              assertThatThrownBy(() -> create.apply(factory))
                  .as("%s without %s", factory.id(), capability)
                  .isInstanceOf(UnsupportedOperationException.class)
                  .hasMessageContaining(factory.id());
            }
          });
    }
  }
}
