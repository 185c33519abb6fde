package io.sluice.spi;

import io.sluice.spi.spark.SparkBatchSink;
import io.sluice.spi.spark.SparkBatchSource;
import io.sluice.spi.spark.SparkStreamingSource;
import java.util.List;
import java.util.Set;

/**
 * Entry point of one connector, found through {@link java.util.ServiceLoader}. A factory declares
 * its options so that Sluice can validate a pipeline file, generate docs and reject unknown keys
 * before any engine starts; it creates readers and writers only when a run needs them.
 */
public interface ConnectorFactory {
  /** The lowercase id used as {@code type:} in pipeline files, such as {@code file}. */
  String id();

  /** One line for {@code sluice connectors} and the reference docs. */
  String description();

  Set<Capability> capabilities();

  /**
   * The ids of the services ({@link ServiceFactory}) a source, sink or sensor of this type with
   * {@code options} needs started (or pointed at) before it reads or writes; it finds each one's
   * address with {@code context.service(id)}.
   */
  default Set<String> needs(ResolvedOptions options) {
    return Set.of();
  }

  /** The options a source of this type accepts, required ones included. */
  default List<Option<?>> sourceOptions() {
    return List.of();
  }

  /** The options a service of this type accepts (see {@link Capability#SERVICE}). */
  default List<Option<?>> serviceOptions() {
    return List.of();
  }

  /** Starts a service of this type for one run. */
  default RunningService startService(String name, ResolvedOptions options) {
    throw new UnsupportedOperationException("Connector " + id() + " has no service");
  }

  /** The options a sensor of this type accepts (see {@link Capability#SENSOR}). */
  default List<Option<?>> sensorOptions() {
    return List.of();
  }

  /** A sensor of this type. */
  default io.sluice.spi.spark.SparkSensor createSensor(ResolvedOptions options) {
    throw new UnsupportedOperationException("Connector " + id() + " has no sensor");
  }

  /** The options a sink of this type accepts, required ones included. */
  default List<Option<?>> sinkOptions() {
    return List.of();
  }

  /**
   * Checks that span several options, after each was validated alone. Returns one message per
   * problem, each naming the keys involved; empty when the options are consistent.
   */
  default List<OptionProblem> validateSource(ResolvedOptions options) {
    return List.of();
  }

  /** As {@link #validateSource} for a sink. */
  default List<OptionProblem> validateSink(ResolvedOptions options) {
    return List.of();
  }

  /**
   * What a sink of this connector guarantees for each row of a run written with {@code mode}. The
   * default is the weakest a retried run can promise.
   */
  default Delivery sinkDelivery(ResolvedOptions options, WriteMode mode) {
    return new Delivery(DeliveryGuarantee.AT_LEAST_ONCE, "a re-run writes the rows again");
  }

  /**
   * What the edge into this source guarantees when records reach it from outside (an endpoint that
   * takes them in, say), with the source's own {@code description} of that edge; empty when the
   * source only reads data that is already there.
   */
  default java.util.Optional<Delivery> sourceDelivery(ResolvedOptions options) {
    return java.util.Optional.empty();
  }

  /**
   * For a source whose records are pushed to Sluice's ingest endpoint ({@code sluice serve}): the
   * endpoint's stream as {@code options} declare it; empty for every other source.
   */
  default java.util.Optional<IngestEndpoint> ingestEndpoint(ResolvedOptions options) {
    return java.util.Optional.empty();
  }

  default SparkBatchSource createBatchSource(ResolvedOptions options) {
    throw new UnsupportedOperationException("Connector " + id() + " has no batch source");
  }

  default SparkStreamingSource createStreamingSource(ResolvedOptions options) {
    throw new UnsupportedOperationException("Connector " + id() + " has no streaming source");
  }

  default SparkBatchSink createBatchSink(ResolvedOptions options) {
    throw new UnsupportedOperationException("Connector " + id() + " has no batch sink");
  }
}
