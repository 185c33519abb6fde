package io.sluice.engine.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

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
import org.apache.spark.sql.RowFactory;
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
  private static final String MASK = "_sluice_check_mask";

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

  DatasetStep(SparkSession spark, String runId, Map<String, String> services) {
    this.spark = spark;
    this.runId = runId;
    this.services = withStateDirectory(spark, services);
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
                            spec.name()),
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
    String table = LakeTables.qualified(spec.name());
    LakeTables.ensureNamespace(spark, spec.name());
    // the loader admits only copies of a source as streaming datasets
    String sourceName = spec.definition().copiedFrom().orElseThrow();
    SourceResult result =
        source.parse(batch, new SourceContext(spark, sourceName, runId, services));
    Dataset<Row> input = withMetadata(spec, result.rows());
    Optional<Rejected> rejected =
        result.rejected().map(rows -> new Rejected(rows, result.action(), result.rejectedCount()));
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
   * The rest of a micro-batch whose table commit landed but whose quarantine commit did not (the
   * process died in between): computes the rows to quarantine again and writes them.
   */
  private Counts quarantineOnly(DatasetSpec spec, Dataset<Row> input, Optional<Rejected> rejected) {
    Masked masked = mask(spec, input);
    Optional<Dataset<Row>> fromChecks =
        masked.quarantineBits() != 0
            ? Optional.of(checkRecords(spec, masked, input.columns()))
            : Optional.empty();
    Optional<Dataset<Row>> fromSource =
        rejected
            .filter(r -> r.action() == SourceResult.RejectedAction.QUARANTINE)
            .map(Rejected::rows);
    long quarantined = writeQuarantine(spec, fromChecks, fromSource);
    return new Counts(quarantined, 0, quarantined, 0, 0, Map.of());
  }

  /**
   * The input with its {@code fail} checks enforced ({@code checked}) and the expression of a mask
   * whose bit {@code i} says that a row failed {@code counted.get(i)}, one of the other checks
   * (each check evaluated once).
   */
  private record Masked(
      Dataset<Row> checked,
      Column mask,
      List<ExpectationSpec> counted,
      long quarantineBits,
      long dropBits) {
    /** The checked rows with their mask as column {@value #MASK}. */
    Dataset<Row> frame() {
      return checked.withColumn(MASK, mask);
    }

    /** Whether a row of {@code frame} is to be quarantined. */
    Column quarantined() {
      return col(MASK).bitwiseAND(lit(quarantineBits)).notEqual(lit(0L));
    }

    /** The names of the checks a row failed, from its mask. */
    Column reasons(Column mask) {
      List<Column> names = new ArrayList<>();
      for (int i = 0; i < counted.size(); i++) {
        names.add(
            when(mask.bitwiseAND(lit(1L << i)).notEqual(lit(0L)), lit(counted.get(i).name())));
      }
      return names.isEmpty()
          ? array().cast("array<string>")
          : array_compact(array(names.toArray(Column[]::new)));
    }
  }

  private Counts write(
      DatasetSpec spec, String table, Dataset<Row> input, Optional<Rejected> rejected) {
    Masked masked = mask(spec, input);
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
                MASK,
                udf(new Accounting(counts, quarantineBits, masked.dropBits()), DataTypes.LongType)
                    .asNondeterministic()
                    .apply(masked.mask()));
    Column keep = col(MASK).bitwiseAND(lit(quarantineBits | masked.dropBits())).equalTo(lit(0L));
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
                          .apply(col(MASK), to_json(struct(rowColumns(input.columns()))))));
      lines = collected;
    }
    boolean countedByIceberg = spec.mode() != WriteMode.MERGE;
    Observation after = new Observation("out_" + spec.name());
    List<String> internal = new ArrayList<>(List.of(MASK));
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
            : ((Number) ObservedMetrics.all(after).get("rows_out")).longValue();
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
                  ? collectedRecords(spec, masked, collected)
                  : checkRecords(spec, masked, input.columns()));
    }
    long quarantined = writeQuarantine(spec, fromChecks, toQuarantine);
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

  private Masked mask(DatasetSpec spec, Dataset<Row> input) {
    List<ExpectationSpec> checks = spec.expectations();
    Dataset<Row> frame = input;
    List<ExpectationSpec> counted = new ArrayList<>();
    Column mask = lit(0L);
    long quarantineBits = 0;
    long dropBits = 0;
    for (ExpectationSpec check : checks) {
      Column failed = not(coalesce(expr(check.check()), lit(false)));
      if (check.onFail() == OnFail.FAIL) {
        frame =
            frame.filter(
                when(
                        failed,
                        raise_error(
                            concat_ws(
                                "",
                                lit(
                                    "Cannot accept a row of dataset "
                                        + spec.name()
                                        + ": check '"
                                        + check.name()
                                        + "' ("
                                        + check.check()
                                        + ") failed (on_fail: fail). Row: "),
                                to_json(struct(rowColumns(input.columns()))))))
                    .isNull());
        continue;
      }
      long bit = 1L << counted.size();
      counted.add(check);
      mask = mask.bitwiseOR(when(failed, lit(bit)).otherwise(lit(0L)));
      if (check.onFail() == OnFail.QUARANTINE) {
        quarantineBits |= bit;
      } else if (check.onFail() == OnFail.DROP) {
        dropBits |= bit;
      }
    }
    return new Masked(frame, mask, counted, quarantineBits, dropBits);
  }

  /**
   * Writes rows that failed quarantine checks and records the source rejected, in one uniform
   * schema; returns how many were written. With mode overwrite the quarantine table is replaced, so
   * that a re-run does not pile up copies.
   */
  private long writeQuarantine(
      DatasetSpec spec, Optional<Dataset<Row>> fromChecks, Optional<Dataset<Row>> rejected) {
    String table = LakeTables.quarantine(spec.name());
    Dataset<Row> all = fromChecks.orElse(null);
    if (rejected.isPresent()) {
      Dataset<Row> bad =
          rejected
              .get()
              .select(
                  lit(runId).as(RUN_ID),
                  current_timestamp().as("_quarantined_at"),
                  array(col(SourceResult.REASON_COLUMN)).as("_reasons"),
                  col(SourceResult.ORIGIN_COLUMN).as("_origin"),
                  col(SourceResult.RAW_COLUMN).as("_record"));
      all = all == null ? bad : all.unionByName(bad);
    }
    if (all == null) {
      // A re-run with nothing to quarantine empties the table of an earlier run (and leaves an
      // empty or missing one alone: no commit).
      if (spec.mode() == WriteMode.OVERWRITE
          && LakeTables.totalRecords(spark, table).orElse(0L) > 0) {
        spark.sql("DELETE FROM " + table);
      }
      return 0;
    }
    boolean exists = LakeTables.exists(spark, table);
    Observation written = new Observation("quarantine_" + spec.name());
    Dataset<Row> observed = all.observe(written, count(lit(1)).as("rows"));
    String view = "sluice_quarantine_" + Integer.toHexString(table.hashCode());
    observed.createOrReplaceTempView(view);
    try {
      if (spec.mode() == WriteMode.OVERWRITE || !exists) {
        spark.sql(
            (spec.mode() == WriteMode.OVERWRITE ? "CREATE OR REPLACE TABLE " : "CREATE TABLE ")
                + table
                + " USING iceberg TBLPROPERTIES ("
                + LakeWriter.METADATA_PROPERTIES
                + ") AS SELECT * FROM "
                + view);
      } else {
        spark.sql("INSERT INTO " + table + " BY NAME SELECT * FROM " + view);
      }
    } finally {
      spark.catalog().dropTempView(view);
    }
    return ((Number) ObservedMetrics.all(written).get("rows")).longValue();
  }

  /** Quarantine records computed again from the input: used past the one-pass cap. */
  private Dataset<Row> checkRecords(DatasetSpec spec, Masked masked, String[] inputColumns) {
    return quarantineRecords(
        spec,
        masked,
        masked
            .frame()
            .filter(masked.quarantined())
            .select(col(MASK), to_json(struct(rowColumns(inputColumns))).as("_record")));
  }

  /** Quarantine records from the lines collected while the table was written. */
  private Dataset<Row> collectedRecords(DatasetSpec spec, Masked masked, List<String> lines) {
    List<Row> rows = new ArrayList<>(lines.size());
    for (String line : lines) {
      int tab = line.indexOf('\t');
      rows.add(RowFactory.create(Long.parseLong(line.substring(0, tab)), line.substring(tab + 1)));
    }
    return quarantineRecords(
        spec,
        masked,
        spark.createDataFrame(
            rows,
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField(MASK, DataTypes.LongType, false),
                    DataTypes.createStructField("_record", DataTypes.StringType, true)))));
  }

  /** The quarantine table's columns for rows of a mask and a JSON record. */
  private Dataset<Row> quarantineRecords(DatasetSpec spec, Masked masked, Dataset<Row> failed) {
    return failed.select(
        lit(runId).as(RUN_ID),
        current_timestamp().as("_quarantined_at"),
        masked.reasons(col(MASK)).as("_reasons"),
        lit("dataset " + spec.name()).as("_origin"),
        col("_record"));
  }

  private static Column[] rowColumns(String[] columns) {
    return java.util.Arrays.stream(columns)
        .filter(c -> !c.equals(MASK))
        .map(c -> col(LakeTables.quote(c)))
        .toArray(Column[]::new);
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
