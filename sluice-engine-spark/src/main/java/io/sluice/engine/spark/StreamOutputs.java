package io.sluice.engine.spark;

import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.run.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What each micro-batch of a streaming dataset feeds once the lake has it: the sinks that take its
 * rows ({@link StreamSinks}) and the streaming datasets computed from it ({@link DerivedStream}),
 * which feed theirs in turn. A failure in any of them fails the batch, which Spark then runs again
 * after a restart: every write on the way is idempotent (commits tagged with the batch, upserts).
 */
final class StreamOutputs {
  private final StreamSinks sinks;
  private final List<DerivedStream> derived = new ArrayList<>();

  StreamOutputs(
      SparkSession spark,
      StepContext context,
      Map<String, String> services,
      String dataset,
      Consumer<String> afterBatch) {
    this.sinks = new StreamSinks(spark, context, services, dataset);
    for (PlannedDataset child : context.plan().streamingChildrenOf(dataset)) {
      derived.add(new DerivedStream(spark, context, services, child, dataset, afterBatch));
    }
  }

  boolean isEmpty() {
    return sinks.isEmpty() && derived.isEmpty();
  }

  /** Feeds one micro-batch's accepted rows to the sinks, then to the derived datasets. */
  void feed(Dataset<Row> accepted, StreamCommit commit, long batchId) {
    if (!sinks.isEmpty()) {
      sinks.write(accepted, batchId);
    }
    for (DerivedStream child : derived) {
      child.feed(accepted, commit, batchId);
    }
  }

  /**
   * Creates the tables of the derived datasets that have none yet from the upstream's empty batch
   * ({@code accepted}), before the stream's first micro-batch; sinks are not fed.
   */
  void createTables(Dataset<Row> accepted, StreamCommit commit) {
    for (DerivedStream child : derived) {
      child.createTable(accepted, commit);
    }
  }

  /** Records the result of every step fed by the stream, which has ended. */
  void finish(Optional<String> streamError) {
    sinks.finish(streamError);
    derived.forEach(child -> child.finish(streamError));
  }
}
