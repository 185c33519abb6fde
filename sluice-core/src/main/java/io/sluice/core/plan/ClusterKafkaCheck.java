package io.sluice.core.plan;

import io.sluice.spec.PipelineSpec;
import io.sluice.spec.Problems;
import io.sluice.spec.yaml.Position;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.spark.SourceContext;
import java.util.Collection;

/**
 * On a cluster master, a source or sink that reads or writes Kafka needs a broker the executors
 * reach: the embedded one listens on this machine's 127.0.0.1, so it is refused where it is used.
 */
final class ClusterKafkaCheck {
  private ClusterKafkaCheck() {}

  static void check(
      PipelineSpec spec,
      Collection<PlannedSource> sources,
      Collection<PlannedSink> sinks,
      Problems problems) {
    if (!spec.settings().clusterMaster() || !spec.settings().embeddedKafka()) {
      return;
    }
    for (PlannedSource source : sources) {
      if (source
          .factory()
          .needs(source.options())
          .contains(SourceContext.KAFKA_BOOTSTRAP_SERVERS)) {
        refuse(
            spec, "source '" + source.spec().name() + "'", source.spec().typePosition(), problems);
      }
    }
    for (PlannedSink sink : sinks) {
      if (sink.factory().needs(sink.options()).contains(SourceContext.KAFKA_BOOTSTRAP_SERVERS)) {
        refuse(spec, "sink '" + sink.spec().name() + "'", sink.spec().typePosition(), problems);
      }
    }
  }

  private static void refuse(PipelineSpec spec, String what, Position position, Problems problems) {
    problems.add(
        position,
        ErrorCode.INVALID_VALUE,
        "Cannot use the embedded Kafka for "
            + what
            + " on the cluster of master '"
            + spec.settings().sparkMaster()
            + "': it listens on 127.0.0.1 of this machine, which the cluster's executors cannot"
            + " reach",
        "set 'kafka: broker1.example.com:9092,broker2.example.com:9092' in the profile");
  }
}
