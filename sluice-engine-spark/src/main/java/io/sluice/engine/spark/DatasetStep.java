package io.sluice.engine.spark;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
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
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Materialises one dataset: reads its input, evaluates expectations, writes passing rows to the
 * table and failing rows to the quarantine table, and measures every count while writing (Spark
 * observations, no extra pass) so that rows in = rows out + quarantined + dropped can be checked.
 */
final class DatasetStep {
  static final String INGESTED_AT = "_ingested_at";
  static final String RUN_ID = "_run_id";
  static final String SOURCE_FILE = "_source_file";
  private static final String QUARANTINE_FLAG = "_sluice_quarantine";
  private static final String DROP_FLAG = "_sluice_drop";
  private static final String FAILED_CHECKS = "_sluice_failed_checks";
  private static final String CHECK_PREFIX = "_sluice_check_";

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
    Optional<Rejected> rejected = Optional.empty();
    Dataset<Row> input;
    if (spec.definition() instanceof DatasetDefinition.FromSource from) {
      if (planned.source() != null) {
        SourceResult result =
            planned
                .source()
                .factory()
                .createBatchSource(planned.source().options())
                .read(new SourceContext(spark, from.source(), runId, services));
        input = result.rows();
        rejected =
            result
                .rejected()
                .map(rows -> new Rejected(rows, result.action(), result.rejectedCount()));
        input = withMetadata(spec, input);
      } else {
        input = spark.table(LakeTables.qualified(planned.upstream().get(0)));
      }
    } else {
      input =
          spec.definition() instanceof DatasetDefinition.Score score
              ? Scoring.apply(
                  spark.table(LakeTables.qualified(planned.upstream().get(0))), score, spec.name())
              : spark.sql(((DatasetDefinition.SqlQuery) spec.definition()).sql());
    }
    return write(spec, table, input, rejected);
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
    String sourceName = ((DatasetDefinition.FromSource) spec.definition()).source();
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
    Dataset<Row> tagged = tag(spec, input).frame();
    Optional<Dataset<Row>> fromChecks =
        spec.expectations().stream().anyMatch(c -> c.onFail() == OnFail.QUARANTINE)
            ? Optional.of(checkRecords(spec, tagged.filter(col(QUARANTINE_FLAG))))
            : Optional.empty();
    Optional<Dataset<Row>> fromSource =
        rejected
            .filter(r -> r.action() == SourceResult.RejectedAction.QUARANTINE)
            .map(Rejected::rows);
    long quarantined = writeQuarantine(spec, fromChecks, fromSource);
    return new Counts(quarantined, 0, quarantined, 0, 0, Map.of());
  }

  /** The input with one column per check and the flags and reasons derived from them. */
  private record Tagged(
      Dataset<Row> frame, Map<String, Column> failed, List<String> checkColumns) {}

  private Counts write(
      DatasetSpec spec, String table, Dataset<Row> input, Optional<Rejected> rejected) {
    List<ExpectationSpec> checks = spec.expectations();
    Tagged tagging = tag(spec, input);
    Dataset<Row> tagged = tagging.frame();
    Map<String, Column> failed = tagging.failed();
    List<String> checkColumns = tagging.checkColumns();

    List<Column> metrics = new ArrayList<>();
    metrics.add(count(lit(1)).as("rows_in"));
    metrics.add(sum(when(col(QUARANTINE_FLAG), 1).otherwise(0)).as("quarantined"));
    metrics.add(sum(when(col(DROP_FLAG), 1).otherwise(0)).as("dropped"));
    List<String> counted = new ArrayList<>();
    for (ExpectationSpec check : checks) {
      if (check.onFail() != OnFail.FAIL) {
        metrics.add(
            sum(when(failed.get(check.name()), 1).otherwise(0)).as("check_" + counted.size()));
        counted.add(check.name());
      }
    }
    boolean needsQuarantine = checks.stream().anyMatch(c -> c.onFail() == OnFail.QUARANTINE);
    // Rows to quarantine are added to an accumulator by the filter that drops them: the call runs
    // for those rows only (AND short-circuits), so clean rows pay nothing for it.
    Column keep = not(col(DROP_FLAG));
    CappedLines collected = null;
    if (needsQuarantine) {
      Column asJson =
          to_json(
              struct(
                  col(FAILED_CHECKS).as("_reasons"),
                  to_json(struct(rowColumns(input.columns()))).as("_record")));
      CappedLines lines = new CappedLines(QUARANTINE_IN_ONE_PASS);
      spark.sparkContext().register(lines, "quarantine " + spec.name());
      UserDefinedFunction collect =
          udf(
                  (UDF1<String, Boolean>)
                      json -> {
                        lines.add(json);
                        return true;
                      },
                  DataTypes.BooleanType)
              .asNondeterministic();
      keep = keep.and(not(col(QUARANTINE_FLAG).and(collect.apply(asJson))));
      collected = lines;
    } else {
      keep = keep.and(not(col(QUARANTINE_FLAG)));
    }
    // One pass writes the table and measures everything; rows to quarantine are computed again
    // only when the measurement says there are some (the input is a lake snapshot or a file).
    Observation before = new Observation("in_" + spec.name());
    boolean countedByIceberg = spec.mode() != WriteMode.MERGE;
    Observation after = new Observation("out_" + spec.name());
    Dataset<Row> observed =
        tagged.observe(
            before, metrics.get(0), metrics.subList(1, metrics.size()).toArray(Column[]::new));
    List<String> internal = new ArrayList<>(List.of(QUARANTINE_FLAG, DROP_FLAG, FAILED_CHECKS));
    internal.addAll(checkColumns);
    internal.addAll(spec.helperColumns());
    Dataset<Row> output = observed.filter(keep).drop(internal.toArray(String[]::new));
    if (!countedByIceberg) {
      output = output.observe(after, count(lit(1)).as("rows_out"));
    }
    LakeWriter.write(spark, output, spec, table, runId);
    Map<String, Object> in = ObservedMetrics.all(before);
    // Rows out come from Iceberg's own commit summary (added-records) when the write is one
    // insert, and from an observation for merge, whose commit counts changed rows instead.
    long rowsOut =
        countedByIceberg
            ? LakeTables.addedRecords(spark, table)
            : ((Number) ObservedMetrics.all(after).get("rows_out")).longValue();
    long rowsIn = number(in, "rows_in");
    long quarantinedExpected = number(in, "quarantined");
    long dropped = number(in, "dropped");
    if (LakeWriter.deduplicates(spec)) {
      // Rows whose key the table (or the batch) already had are not written again: count them
      // as dropped duplicates so that the batch still adds up.
      dropped += Math.max(0, rowsIn - quarantinedExpected - dropped - rowsOut);
    }
    Map<String, Long> failedByCheck = new LinkedHashMap<>();
    long warned = 0;
    for (int i = 0; i < counted.size(); i++) {
      long n = number(in, "check_" + i);
      failedByCheck.put(counted.get(i), n);
      String name = counted.get(i);
      if (checks.stream().anyMatch(c -> c.name().equals(name) && c.onFail() == OnFail.WARN)) {
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
      List<String> lines = collected == null ? null : collected.value();
      fromChecks =
          Optional.of(
              lines != null && lines.size() == quarantinedExpected
                  ? collectedRecords(spec, lines)
                  : checkRecords(spec, tagged.filter(col(QUARANTINE_FLAG))));
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

  private Tagged tag(DatasetSpec spec, Dataset<Row> input) {
    List<ExpectationSpec> checks = spec.expectations();
    // Each check is evaluated once into a column; flags, tags and metrics read that column.
    Map<String, Column> failed = new LinkedHashMap<>();
    List<String> checkColumns = new ArrayList<>();
    Dataset<Row> tagged = input;
    for (ExpectationSpec check : checks) {
      String column = CHECK_PREFIX + checkColumns.size();
      tagged = tagged.withColumn(column, not(coalesce(expr(check.check()), lit(false))));
      checkColumns.add(column);
      failed.put(check.name(), col(column));
    }
    List<Column> fatal =
        checks.stream()
            .filter(c -> c.onFail() == OnFail.FAIL)
            .map(
                c ->
                    when(
                        failed.get(c.name()),
                        raise_error(
                            concat_ws(
                                "",
                                lit(
                                    "Cannot accept a row of dataset "
                                        + spec.name()
                                        + ": check '"
                                        + c.name()
                                        + "' ("
                                        + c.check()
                                        + ") failed (on_fail: fail). Row: "),
                                to_json(struct(rowColumns(input.columns())))))))
            .toList();
    for (int i = 0; i < fatal.size(); i++) {
      tagged = tagged.filter(fatal.get(i).isNull());
    }
    Column quarantine = anyOf(checks, failed, OnFail.QUARANTINE);
    Column drop = anyOf(checks, failed, OnFail.DROP).and(not(quarantine));
    List<Column> tags = new ArrayList<>();
    for (ExpectationSpec check : checks) {
      if (check.onFail() != OnFail.FAIL) {
        tags.add(when(failed.get(check.name()), lit(check.name())));
      }
    }
    tagged =
        tagged
            .withColumn(QUARANTINE_FLAG, quarantine)
            .withColumn(DROP_FLAG, drop)
            .withColumn(
                FAILED_CHECKS,
                tags.isEmpty()
                    ? array().cast("array<string>")
                    : array_compact(array(tags.toArray(Column[]::new))));

    return new Tagged(tagged, failed, checkColumns);
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
    boolean exists = LakeTables.exists(spark, table);
    if (all == null) {
      if (exists && spec.mode() == WriteMode.OVERWRITE) {
        spark.sql("DELETE FROM " + table);
      }
      return 0;
    }
    Observation written = new Observation("quarantine_" + spec.name());
    Dataset<Row> observed = all.observe(written, count(lit(1)).as("rows"));
    String view = "sluice_quarantine_" + Integer.toHexString(table.hashCode());
    observed.createOrReplaceTempView(view);
    try {
      if (spec.mode() == WriteMode.OVERWRITE || !exists) {
        spark.sql(
            (spec.mode() == WriteMode.OVERWRITE ? "CREATE OR REPLACE TABLE " : "CREATE TABLE ")
                + table
                + " USING iceberg AS SELECT * FROM "
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
  private Dataset<Row> checkRecords(DatasetSpec spec, Dataset<Row> failedRows) {
    return failedRows.select(
        lit(runId).as(RUN_ID),
        current_timestamp().as("_quarantined_at"),
        col(FAILED_CHECKS).as("_reasons"),
        lit("dataset " + spec.name()).as("_origin"),
        to_json(struct(rowColumns(failedRows.columns()))).as("_record"));
  }

  /** Quarantine records from the JSON lines collected while the table was written. */
  private Dataset<Row> collectedRecords(DatasetSpec spec, List<String> lines) {
    Dataset<Row> parsed =
        spark
            .createDataset(lines, Encoders.STRING())
            .select(
                from_json(
                        col("value"),
                        DataTypes.createStructType(
                            List.of(
                                DataTypes.createStructField(
                                    "_reasons",
                                    DataTypes.createArrayType(DataTypes.StringType),
                                    true),
                                DataTypes.createStructField(
                                    "_record", DataTypes.StringType, true))))
                    .as("q"));
    return parsed.select(
        lit(runId).as(RUN_ID),
        current_timestamp().as("_quarantined_at"),
        col("q._reasons").as("_reasons"),
        lit("dataset " + spec.name()).as("_origin"),
        col("q._record").as("_record"));
  }

  private static Column[] rowColumns(String[] columns) {
    return java.util.Arrays.stream(columns)
        .filter(
            c ->
                !c.equals(QUARANTINE_FLAG)
                    && !c.equals(DROP_FLAG)
                    && !c.equals(FAILED_CHECKS)
                    && !c.startsWith(CHECK_PREFIX))
        .map(c -> col(LakeTables.quote(c)))
        .toArray(Column[]::new);
  }

  private static Column anyOf(
      List<ExpectationSpec> checks, Map<String, Column> failed, OnFail onFail) {
    Column result = lit(false);
    for (ExpectationSpec check : checks) {
      if (check.onFail() == onFail) {
        result = result.or(failed.get(check.name()));
      }
    }
    return result;
  }

  private static long number(Map<String, Object> values, String key) {
    Object value = values.get(key);
    if (value == null) {
      return 0;
    }
    return ((Number) value).longValue();
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
