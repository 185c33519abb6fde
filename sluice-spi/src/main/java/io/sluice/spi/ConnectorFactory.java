package io.sluice.spi;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Entry point of one connector, found through {@link java.util.ServiceLoader}. A connector
 * implements the roles it plays, each a small interface: {@link SourceConnector} (and {@link
 * StreamingSourceConnector}), {@link SinkConnector}, {@link StreamingSinkConnector}, {@link
 * SensorConnector}, {@link ServiceConnector}. Its capabilities are the roles it implements; the
 * planner refuses any other use before a run starts. A factory declares its options so that Sluice
 * can validate a pipeline file, generate docs and reject unknown keys before any engine starts; it
 * creates readers and writers only when a run needs them.
 */
public interface ConnectorFactory {
  /** The lowercase id used as {@code type:} in pipeline files, such as {@code file}. */
  String id();

  /** One line for {@code sluice connectors} and the reference docs. */
  String description();

  /** What it can do: the roles it implements. */
  default Set<Capability> capabilities() {
    Set<Capability> can = EnumSet.noneOf(Capability.class);
    if (this instanceof SourceConnector) {
      can.add(Capability.BATCH_SOURCE);
    }
    if (this instanceof StreamingSourceConnector) {
      can.add(Capability.STREAMING_SOURCE);
    }
    if (this instanceof SinkConnector) {
      can.add(Capability.BATCH_SINK);
    }
    if (this instanceof StreamingSinkConnector) {
      can.add(Capability.STREAMING_SINK);
    }
    if (this instanceof SensorConnector) {
      can.add(Capability.SENSOR);
    }
    if (this instanceof ServiceConnector) {
      can.add(Capability.SERVICE);
    }
    return Set.copyOf(can);
  }

  /**
   * The ids of the services ({@link ServiceFactory}) a source, sink or sensor of this type with
   * {@code options} needs started (or pointed at) before it reads or writes; it finds each one's
   * address with {@code context.service(id)}.
   */
  default Set<String> needs(ResolvedOptions options) {
    return Set.of();
  }

  /** The options it accepts as a source: none unless it is a {@link SourceConnector}. */
  default List<Option<?>> sourceOptions() {
    return List.of();
  }

  /** The options it accepts as a sink: none unless it is a sink. */
  default List<Option<?>> sinkOptions() {
    return List.of();
  }

  /** The options it accepts as a sensor: none unless it is a {@link SensorConnector}. */
  default List<Option<?>> sensorOptions() {
    return List.of();
  }

  /** The options it accepts as a service: none unless it is a {@link ServiceConnector}. */
  default List<Option<?>> serviceOptions() {
    return List.of();
  }

  /**
   * For a source whose records are pushed to Sluice's ingest endpoint ({@code sluice serve}): the
   * endpoint's stream as {@code options} declare it; empty for every other source.
   */
  default Optional<IngestEndpoint> ingestEndpoint(ResolvedOptions options) {
    return Optional.empty();
  }

  /** This connector as a source; the planner asks only after checking the capability. */
  default SourceConnector source() {
    return role(SourceConnector.class, "a source");
  }

  /** This connector as a streaming source. */
  default StreamingSourceConnector streamingSource() {
    return role(StreamingSourceConnector.class, "a streaming source");
  }

  /** This connector as a sink. */
  default SinkConnector sink() {
    return role(SinkConnector.class, "a sink");
  }

  /** This connector as a streaming sink. */
  default StreamingSinkConnector streamingSink() {
    return role(StreamingSinkConnector.class, "a streaming sink");
  }

  /** This connector as a sensor. */
  default SensorConnector sensor() {
    return role(SensorConnector.class, "a sensor");
  }

  /** This connector as a service. */
  default ServiceConnector service() {
    return role(ServiceConnector.class, "a service");
  }

  private <R> R role(Class<R> role, String what) {
    if (role.isInstance(this)) {
      return role.cast(this);
    }
    throw new UnsupportedOperationException(
        "Connector " + id() + " is not " + what + " (it can: " + capabilities() + ")");
  }
}
