package io.sluice.scheduler;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.Planner;
import io.sluice.spec.LoadRequest;
import io.sluice.spec.PipelineLoader;
import io.sluice.spec.PipelineSpec;
import io.sluice.spi.Capability;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SensorConnector;
import io.sluice.spi.SinkConnector;
import io.sluice.spi.SourceConnector;
import io.sluice.spi.spark.SparkBatchSink;
import io.sluice.spi.spark.SparkBatchSource;
import io.sluice.spi.spark.SparkSensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Plans from pipeline text, with a hand-written connector and SQL reader (no engine). */
final class TestPlans {
  private TestPlans() {}

  /** A connector that is a source, a sink and a sensor, with one option each. */
  static final class FakeConnector implements SourceConnector, SinkConnector, SensorConnector {
    @Override
    public String id() {
      return "fake";
    }

    @Override
    public String description() {
      return "a fake for run service tests";
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.BATCH_SOURCE, Capability.BATCH_SINK, Capability.SENSOR);
    }

    @Override
    public List<Option<?>> sourceOptions() {
      return List.of(Option.key("path").stringType().required().description("where"));
    }

    @Override
    public List<Option<?>> sinkOptions() {
      return List.of(Option.key("path").stringType().required().description("where"));
    }

    @Override
    public List<Option<?>> sensorOptions() {
      return List.of(Option.key("path").stringType().required().description("what"));
    }

    // The run service's tests give it a fake executor: nothing is ever read or written here.
    @Override
    public SparkBatchSource createBatchSource(ResolvedOptions options) {
      throw new UnsupportedOperationException("planning only");
    }

    @Override
    public SparkBatchSink createBatchSink(ResolvedOptions options) {
      throw new UnsupportedOperationException("planning only");
    }

    @Override
    public SparkSensor createSensor(ResolvedOptions options) {
      throw new UnsupportedOperationException("planning only");
    }
  }

  static Plan plan(String yaml) {
    return Planner.plan(
        spec(yaml, Optional.empty()), REGISTRY, new io.sluice.core.RegexSqlAnalyzer());
  }

  /** The spec of {@code yaml} for the logical date {@code date} (or none). */
  static PipelineSpec spec(String yaml, Optional<String> date) {
    return PipelineLoader.load(
        Path.of("pipeline.yaml"), yaml, new LoadRequest("local", Map.of(), k -> null, date));
  }

  static Plan plan(PipelineSpec spec) {
    return Planner.plan(spec, REGISTRY, new io.sluice.core.RegexSqlAnalyzer());
  }

  private static final ConnectorRegistry REGISTRY =
      ConnectorRegistry.of(List.of(new FakeConnector()));
}
