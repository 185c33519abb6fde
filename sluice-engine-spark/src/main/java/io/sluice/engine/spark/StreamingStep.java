package io.sluice.engine.spark;

import io.sluice.core.plan.PlannedDataset;
import io.sluice.spec.StreamTrigger;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SparkStreamingSource;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * A streaming dataset as a Structured Streaming query: the source's stream, each micro-batch
 * written by {@link DatasetStep#runMicroBatch} (checks, quarantine, row accounting, exactly once
 * per batch) and then fed to its {@link StreamOutputs}, the checkpoint under the lake at {@code
 * _checkpoints/<namespace>/<table>}.
 */
final class StreamingStep {
  /** The Spark local property that holds the running query's id on its micro-batch thread. */
  private static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private final SparkSession spark;
  private final String runId;
  private final Map<String, String> services;

  StreamingStep(SparkSession spark, String runId, Map<String, String> services) {
    this.spark = spark;
    this.runId = runId;
    this.services = services;
  }

  /** Running totals of a streaming dataset, updated after every micro-batch. */
  static final class Totals {
    final AtomicLong batches = new AtomicLong();
    final AtomicLong rowsIn = new AtomicLong();
    final AtomicLong rowsOut = new AtomicLong();
    final AtomicLong quarantined = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong warned = new AtomicLong();

    /** The totals now, as the run service records them. */
    io.sluice.core.run.StepResult.Totals snapshot() {
      return new io.sluice.core.run.StepResult.Totals(
          rowsIn.get(), rowsOut.get(), quarantined.get(), dropped.get(), warned.get());
    }

    void add(DatasetStep.Counts counts) {
      batches.incrementAndGet();
      rowsIn.addAndGet(counts.rowsIn());
      rowsOut.addAndGet(counts.rowsOut());
      quarantined.addAndGet(counts.quarantined());
      dropped.addAndGet(counts.dropped());
      warned.addAndGet(counts.warned());
    }
  }

  /** The name of a streaming dataset's query (Spark's UI and listeners show it). */
  static String queryName(String dataset) {
    return "sluice_" + dataset.replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
  }

  /** The checkpoint folder of a streaming dataset under the lake. */
  static String checkpoint(SparkSession spark, String dataset) {
    String warehouse =
        spark.conf().get("spark.sql.catalog." + SparkSessions.CATALOG + ".warehouse");
    int dot = dataset.indexOf('.');
    String namespace = dot < 0 ? "default" : dataset.substring(0, dot);
    String table = dot < 0 ? dataset : dataset.substring(dot + 1);
    return warehouse.replaceAll("/+$", "") + "/_checkpoints/" + namespace + "/" + table;
  }

  /** The query id in the mark of the snapshot that creates a stream's tables. */
  static final String CREATING_QUERY = "sluice-create";

  /**
   * Creates the dataset's table (and quarantine table) and its derived datasets' before the first
   * micro-batch, when there are none yet: an empty batch of the source's schema goes through the
   * code every micro-batch runs, so that the table can be queried as soon as the stream starts and
   * the first micro-batch finds that code loaded and compiled (it took 6.6 s of a first batch of
   * 7,000 rows cold, 0.9 s warm).
   */
  private void createTables(
      PlannedDataset planned,
      SparkStreamingSource source,
      org.apache.spark.sql.types.StructType schema,
      StreamOutputs outputs) {
    // no rows, through a filter the optimizer cannot fold: a plan it proves empty would lose the
    // observations that count a batch's rows (they would never report)
    Dataset<Row> empty =
        spark
            .range(1)
            .filter(org.apache.spark.sql.functions.rand().lt(0))
            .select(
                java.util.Arrays.stream(schema.fields())
                    .map(
                        field ->
                            org.apache
                                .spark
                                .sql
                                .functions
                                .lit(null)
                                .cast(field.dataType())
                                .as(field.name()))
                    .toArray(org.apache.spark.sql.Column[]::new));
    DatasetStep step = new DatasetStep(spark, runId, services);
    StreamCommit creating = new StreamCommit(CREATING_QUERY, 0);
    if (!LakeTables.exists(spark, LakeTables.qualified(planned.name()))) {
      DatasetStep.Counts unused = step.runMicroBatch(planned, source, empty, creating);
    }
    outputs.createTables(step.acceptedRows(planned, source, empty), creating);
  }

  /**
   * Starts the query. {@code drain} replaces the dataset's trigger by available-now: read what is
   * there, then stop. {@code afterBatch} is called on the query's thread after each micro-batch.
   */
  StreamingQuery start(
      PlannedDataset planned,
      boolean drain,
      Totals totals,
      StreamOutputs outputs,
      Consumer<DatasetStep.Counts> afterBatch)
      throws TimeoutException {
    // the loader admits only copies of a source as streaming datasets
    String sourceName = planned.spec().definition().copiedFrom().orElseThrow();
    SparkStreamingSource source =
        planned
            .source()
            .factory()
            .streamingSource()
            .createStreamingSource(planned.source().options());
    Dataset<Row> stream = source.open(new SourceContext(spark, sourceName, runId, services));
    try {
      createTables(planned, source, stream.schema(), outputs);
    } catch (RuntimeException e) {
      // ahead of time only: the first micro-batch creates what is missing, as it always could
      org.apache.logging.log4j.LogManager.getLogger(StreamingStep.class)
          .warn(
              "Cannot create the tables of {} ahead of its stream: {}",
              planned.name(),
              e.toString());
    }
    StreamTrigger trigger =
        drain
            ? StreamTrigger.availableNowTrigger()
            : planned.spec().streaming().orElse(StreamTrigger.availableNowTrigger());
    String name = planned.name();
    VoidFunction2<Dataset<Row>, Long> writeBatch =
        (batch, batchId) -> {
          SparkSession session = batch.sparkSession();
          String queryId = session.sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
          if (queryId == null) {
            throw new IllegalStateException(
                "Cannot tell which streaming query runs batch " + batchId + " of " + name);
          }
          if (!outputs.isEmpty()) {
            batch.persist(); // read once from the source for the table and what it feeds
          }
          try {
            DatasetStep step = new DatasetStep(session, runId, services);
            StreamCommit commit = new StreamCommit(queryId, batchId);
            DatasetStep.Counts counts = step.runMicroBatch(planned, source, batch, commit);
            if (counts.rowsIn() != counts.rowsOut() + counts.quarantined() + counts.dropped()) {
              throw DatasetStep.countsMismatch(name + " batch " + batchId, counts);
            }
            totals.add(counts);
            afterBatch.accept(counts);
            if (!outputs.isEmpty()) {
              // after the lake's commit; a batch run again after a crash is fed again
              outputs.feed(step.acceptedRows(planned, source, batch), commit, batchId);
            }
          } finally {
            if (!outputs.isEmpty()) {
              batch.unpersist();
            }
          }
        };
    return stream
        .writeStream()
        .queryName(queryName(name))
        .option("checkpointLocation", checkpoint(spark, name))
        .trigger(
            trigger.availableNow()
                ? Trigger.AvailableNow()
                : Trigger.ProcessingTime(trigger.interval().toMillis()))
        .foreachBatch(writeBatch)
        .start();
  }
}
