package io.sluice.engine.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.udf;

import io.sluice.core.plan.PlannedDataset;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.DatasetSpec;
import io.sluice.spec.ExpectationSpec;
import io.sluice.spec.OnFail;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.ObservedMetrics;
import io.sluice.spi.spark.RowCounts;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SourceResult;
import io.sluice.spi.spark.SparkStreamingSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.types.DataTypes;

/**
 * Materialises one dataset: reads its input, evaluates expectations, writes passing rows to the
 * table and failing rows to the quarantine table, and measures every count while writing (counters
 * in the write's filter, no extra pass) so that rows in = rows out + quarantined + dropped can be
 * checked.
 */
final class DatasetStep {
  static final String INGESTED_AT = "_ingested_at";
  static final String RUN_ID = "_run_id";
  static final String SOURCE_FILE = "_source_file";

  /** Counters of a write: rows in, quarantined, dropped, then one per counted check. */
  private static final int ROWS_IN = 0;

  private static final int QUARANTINED = 1;
  private static final int DROPPED = 2;
  private static final int FIRST_CHECK = 3;

  /** Up to this many rows to quarantine travel with the write's metrics; more are read again. */
  static final int QUARANTINE_IN_ONE_PASS = 10_000;

  private final SparkSession spark;
  private final String runId;

  private final Map<String, String> services;

  private final QuarantineWriter quarantine;

  private final io.sluice.engine.spark.ml.ModelContext models;

  DatasetStep(SparkSession spark, String runId, Map<String, String> services) {
    this(
        spark,
        runId,
        services,
        io.sluice.engine.spark.ml.ModelContext.none(
            "Cannot train a model in a stream: train in a batch run"));
  }

  DatasetStep(
      SparkSession spark,
      String runId,
      Map<String, String> services,
      io.sluice.engine.spark.ml.ModelContext models) {
    this.spark = spark;
    this.runId = runId;
    this.services = withStateDirectory(spark, services);
    this.quarantine = new QuarantineWriter(spark, runId);
    this.models = models;
  }

  /** Adds {@link SourceContext#STATE_DIRECTORY}: {@code _state} under a local lake. */
  static Map<String, String> withStateDirectory(SparkSession spark, Map<String, String> services) {
    if (services.containsKey(SourceContext.STATE_DIRECTORY)) {
      return services;
    }
    String warehouse =
        spark.conf().get("spark.sql.catalog." + SparkSessions.CATALOG + ".warehouse", "");
    String local =
        warehouse.startsWith("file:")
            ? java.net.URI.create(warehouse).getPath()
            : warehouse.contains("://") || warehouse.isEmpty() ? null : warehouse;
    java.util.Map<String, String> result = new java.util.HashMap<>(services);
    result.put(
        SourceContext.STATE_DIRECTORY,
        local == null
            ? java.nio.file.Path.of(".sluice", "state").toString()
            : java.nio.file.Path.of(local).resolve("_state").toString());
    return Map.copyOf(result);
  }

  /** Counts of one materialisation. */
  record Counts(
      long rowsIn,
      long rowsOut,
      long quarantined,
      long dropped,
      long warned,
      Map<String, Long> failedByCheck) {}

  /** Records a source rejected, and whether they are quarantined or dropped. */
  private record Rejected(
      Dataset<Row> rows,
      SourceResult.RejectedAction action,
      java.util.function.LongSupplier count) {}

  Counts run(PlannedDataset planned) {
    DatasetSpec spec = planned.spec();
    String table = LakeTables.qualified(spec.name());
    LakeTables.ensureNamespace(spark, spec.name());
    Read read =
        spec.definition()
            .match(
                new DatasetDefinition.Cases<Read>() {
                  @Override
                  public Read fromSource(DatasetDefinition.FromSource from) {
                    return readSource(planned, from);
                  }

                  @Override
                  public Read sql(DatasetDefinition.SqlQuery query) {
                    return new Read(spark.sql(query.sql()), Optional.empty());
                  }

                  @Override
                  public Read score(DatasetDefinition.Score score) {
                    return new Read(
                        Scoring.apply(
                            spark.table(LakeTables.qualified(planned.upstream().get(0))),
                            score,
                            spec.name(),
                            models.registry()),
                        Optional.empty());
                  }

                  @Override
                  public Read train(DatasetDefinition.Train train) {
                    return new Read(
                        new io.sluice.engine.spark.ml.ModelTraining(
                                spark,
                                models.registry().get(),
                                runId,
                                models.pipelineVersion().get(),
                                models.notes())
                            .trackedBy(models.tracking())
                            .train(spec.name(), train),
                        Optional.empty());
                  }
                });
    Dataset<Row> input = read.rows();
    Optional<Rejected> rejected = read.rejected();
    return write(spec, table, input, rejected);
  }

  /** What a dataset reads: its rows, and what its source rejected. */
  private record Read(Dataset<Row> rows, Optional<Rejected> rejected) {}

  /** A source's rows (with the metadata columns), or a copied dataset's. */
  private Read readSource(PlannedDataset planned, DatasetDefinition.FromSource from) {
    if (planned.source() == null) {
      return new Read(
          spark.table(LakeTables.qualified(planned.upstream().get(0))), Optional.empty());
    }
    SourceResult result =
        planned
            .source()
            .factory()
            .source()
            .createBatchSource(planned.source().options())
            .read(new SourceContext(spark, from.source(), runId, services));
    return new Read(
        withMetadata(planned.spec(), result.rows()),
        result.rejected().map(rows -> new Rejected(rows, result.action(), result.rejectedCount())));
  }

  private Dataset<Row> withMetadata(DatasetSpec spec, Dataset<Row> input) {
    if (!spec.metadata()) {
      return input;
    }
    return input
        .withColumn(INGESTED_AT, current_timestamp())
        .withColumn(RUN_ID, lit(runId))
        .withColumn(SOURCE_FILE, input_file_name());
  }

  /**
   * Writes one micro-batch of a streaming dataset exactly once: its commits (table and quarantine)
   * carry the query id and batch id in their Iceberg snapshot summary, and a batch that Spark runs
   * again after a crash finds its commits there and is not written twice. Returns zero counts for a
   * batch already written.
   */
  Counts runMicroBatch(
      PlannedDataset planned,
      SparkStreamingSource source,
      Dataset<Row> batch,
      StreamCommit commit) {
    DatasetSpec spec = planned.spec();
    LakeTables.ensureNamespace(spark, spec.name());
    // runMicroBatch is for the datasets copied from a streaming source
    String sourceName = spec.definition().copiedFrom().orElseThrow();
    SourceResult result =
        source.parse(batch, new SourceContext(spark, sourceName, runId, services));
    Dataset<Row> input = withMetadata(spec, result.rows());
    Optional<Rejected> rejected =
        result.rejected().map(rows -> new Rejected(rows, result.action(), result.rejectedCount()));
    return commitOnce(spec, input, rejected, commit);
  }

  /**
   * Writes one micro-batch of a dataset computed from a streaming dataset's micro-batch ({@code
   * input}, its rows for this batch) exactly once, as {@link #runMicroBatch} does.
   */
  Counts runDerivedMicroBatch(PlannedDataset planned, Dataset<Row> input, StreamCommit commit) {
    LakeTables.ensureNamespace(spark, planned.spec().name());
    return commitOnce(planned.spec(), input, Optional.empty(), commit);
  }

  private Counts commitOnce(
      DatasetSpec spec, Dataset<Row> input, Optional<Rejected> rejected, StreamCommit commit) {
    String table = LakeTables.qualified(spec.name());
    boolean tableDone = LakeTables.committed(spark, table, commit);
    boolean quarantineDone =
        LakeTables.committed(spark, LakeTables.quarantine(spec.name()), commit);
    if (tableDone && quarantineDone) {
      return new Counts(0, 0, 0, 0, 0, Map.of());
    }
    try {
      return org.apache.iceberg.spark.CommitMetadata.withCommitProperties(
          commit.properties(),
          () ->
              tableDone
                  ? quarantineOnly(spec, input, rejected)
                  : write(spec, table, input, rejected),
          RuntimeException.class);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The rows of a micro-batch that its table takes: parsed, checked, without the ones quarantined
   * or dropped. What the streaming sinks of the dataset get; the same rows again when Spark runs
   * the batch again after a crash (the sinks' writes are idempotent).
   */
  Dataset<Row> acceptedRows(
      PlannedDataset planned, SparkStreamingSource source, Dataset<Row> batch) {
    DatasetSpec spec = planned.spec();
    String sourceName = spec.definition().copiedFrom().orElseThrow();
    SourceResult result =
        source.parse(batch, new SourceContext(spark, sourceName, runId, services));
    return accepted(spec, withMetadata(spec, result.rows()));
  }

  /**
   * The rows of {@code input} that the dataset's table takes: checked, without the ones quarantined
   * or dropped, one per key when the table keeps one per key ({@link LakeWriter#deduplicates}).
   */
  static Dataset<Row> accepted(DatasetSpec spec, Dataset<Row> input) {
    Expectations.Masked masked = Expectations.mask(spec, input);
    List<String> internal = new ArrayList<>(List.of(Expectations.MASK));
    internal.addAll(spec.helperColumns());
    Dataset<Row> rows =
        masked
            .checked()
            .withColumn(Expectations.MASK, masked.mask())
            .filter(
                col(Expectations.MASK)
                    .bitwiseAND(lit(masked.quarantineBits() | masked.dropBits()))
                    .equalTo(lit(0L)))
            .drop(internal.toArray(String[]::new));
    return LakeWriter.deduplicates(spec) ? LakeWriter.distinctKeys(rows, spec) : rows;
  }

  /**
   * The rest of a micro-batch whose table commit landed but whose quarantine commit did not (the
   * process died in between): computes the rows to quarantine again and writes them.
   */
  private Counts quarantineOnly(DatasetSpec spec, Dataset<Row> input, Optional<Rejected> rejected) {
    Expectations.Masked masked = Expectations.mask(spec, input);
    Optional<Dataset<Row>> fromChecks =
        masked.quarantineBits() != 0
            ? Optional.of(quarantine.checkRecords(spec, masked, input.columns()))
            : Optional.empty();
    Optional<Dataset<Row>> fromSource =
        rejected
            .filter(r -> r.action() == SourceResult.RejectedAction.QUARANTINE)
            .map(Rejected::rows);
    long quarantined = quarantine.write(spec, fromChecks, fromSource);
    return new Counts(quarantined, 0, quarantined, 0, 0, Map.of());
  }

  private Counts write(
      DatasetSpec spec, String table, Dataset<Row> input, Optional<Rejected> rejected) {
    Expectations.Masked masked = Expectations.mask(spec, input);
    List<ExpectationSpec> counted = masked.counted();
    long quarantineBits = masked.quarantineBits();
    // Every count is taken in the generated code of the stage that writes the table (the
    // function that computes each row's mask counts it): no extra pass and no node between the
    // stages. Rows to quarantine travel to the driver with the counts (up to a cap).
    RowCounts counts =
        RowCounts.register(spark, FIRST_CHECK + counted.size(), "rows of " + spec.name());
    // The mask is computed by a function that counts as it goes: being nondeterministic, it keeps
    // the filter below from being pushed into the dataset's own projection (where the record
    // of a row to quarantine would repeat every expression of the query).
    Dataset<Row> accounted =
        masked
            .checked()
            .withColumn(
                Expectations.MASK,
                udf(new Accounting(counts, quarantineBits, masked.dropBits()), DataTypes.LongType)
                    .asNondeterministic()
                    .apply(masked.mask()));
    Column keep =
        col(Expectations.MASK).bitwiseAND(lit(quarantineBits | masked.dropBits())).equalTo(lit(0L));
    CappedLines lines = null;
    if (quarantineBits != 0) {
      // Rows to quarantine travel to the driver with the counts (up to a cap); their record is
      // built for them alone (OR and AND stop early for every other row).
      CappedLines collected = new CappedLines(QUARANTINE_IN_ONE_PASS);
      spark.sparkContext().register(collected, "quarantine " + spec.name());
      UDF2<Long, String, Boolean> collect =
          (mask, record) -> {
            collected.add(mask + "\t" + record);
            return false;
          };
      keep =
          keep.or(
              masked
                  .quarantined()
                  .and(
                      udf(collect, DataTypes.BooleanType)
                          .asNondeterministic()
                          .apply(
                              col(Expectations.MASK),
                              to_json(struct(Expectations.rowColumns(input.columns()))))));
      lines = collected;
    }
    // a merge's commit counts changed rows, not rows written: count those on the way in
    boolean countedByIceberg = spec.mode() != WriteMode.MERGE && !LakeWriter.upserts(spec);
    Observation after = new Observation("out_" + spec.name());
    List<String> internal = new ArrayList<>(List.of(Expectations.MASK));
    internal.addAll(spec.helperColumns());
    Dataset<Row> output = accounted.filter(keep).drop(internal.toArray(String[]::new));
    if (!countedByIceberg) {
      output = output.observe(after, count(lit(1)).as("rows_out"));
    }
    LakeWriter.write(spark, output, spec, table, runId);
    // Rows out come from Iceberg's own commit summary (added-records) when the write is one
    // insert, and from an observation for merge, whose commit counts changed rows instead.
    long rowsOut =
        countedByIceberg
            ? LakeTables.addedRecords(spark, table)
            // none when Spark found at run time that no row reaches the write (AQE drops the plan)
            : ObservedMetrics.count(after, "rows_out");
    long rowsIn = counts.get(ROWS_IN);
    long quarantinedExpected = counts.get(QUARANTINED);
    long dropped = counts.get(DROPPED);
    if (LakeWriter.deduplicates(spec)) {
      // Rows whose key the table (or the batch) already had are not written again: count them
      // as dropped duplicates so that the batch still adds up.
      dropped += Math.max(0, rowsIn - quarantinedExpected - dropped - rowsOut);
    }
    Map<String, Long> failedByCheck = new LinkedHashMap<>();
    long warned = 0;
    for (int i = 0; i < counted.size(); i++) {
      long n = counts.get(FIRST_CHECK + i);
      failedByCheck.put(counted.get(i).name(), n);
      if (counted.get(i).onFail() == OnFail.WARN) {
        warned += n;
      }
    }
    long rejectedExpected = rejected.map(r -> r.count().getAsLong()).orElse(0L);
    Optional<Dataset<Row>> toQuarantine =
        rejected
            .filter(
                r -> r.action() == SourceResult.RejectedAction.QUARANTINE && rejectedExpected > 0)
            .map(Rejected::rows);
    Optional<Dataset<Row>> fromChecks = Optional.empty();
    if (quarantinedExpected > 0) {
      List<String> collected = lines == null ? null : lines.value();
      fromChecks =
          Optional.of(
              collected != null && collected.size() == quarantinedExpected
                  ? quarantine.collectedRecords(spec, masked, collected)
                  : quarantine.checkRecords(spec, masked, input.columns()));
    }
    long quarantined = quarantine.write(spec, fromChecks, toQuarantine);
    long droppedAtSource =
        rejected.filter(r -> r.action() == SourceResult.RejectedAction.DROP).isPresent()
            ? rejectedExpected
            : 0;
    return new Counts(
        rowsIn + rejectedExpected,
        rowsOut,
        quarantined,
        dropped + droppedAtSource,
        warned,
        failedByCheck);
  }

  /**
   * Counts every row of a dataset's write, the rows to quarantine and to drop, and each check's
   * failures, from the row's mask; gives the mask back.
   */
  static final class Accounting implements UDF1<Long, Long> {
    private static final long serialVersionUID = 1L;
    private final RowCounts counts;
    private final long quarantineBits;
    private final long dropBits;

    Accounting(RowCounts counts, long quarantineBits, long dropBits) {
      this.counts = counts;
      this.quarantineBits = quarantineBits;
      this.dropBits = dropBits;
    }

    @Override
    public Long call(Long mask) {
      counts.increment(ROWS_IN);
      long failed = mask == null ? 0 : mask;
      for (long bits = failed; bits != 0; bits &= bits - 1) {
        counts.increment(FIRST_CHECK + Long.numberOfTrailingZeros(bits));
      }
      if ((failed & quarantineBits) != 0) {
        counts.increment(QUARANTINED);
      } else if ((failed & dropBits) != 0) {
        counts.increment(DROPPED);
      }
      return mask;
    }
  }

  static SluiceException countsMismatch(String step, Counts counts) {
    return new SluiceException(
        ErrorCode.COUNTS_MISMATCH,
        "Cannot account for every row of "
            + step
            + ": rows in "
            + counts.rowsIn()
            + " != rows out "
            + counts.rowsOut()
            + " + quarantined "
            + counts.quarantined()
            + " + dropped "
            + counts.dropped()
            + "; the input probably changed during the run: run it again");
  }
}
