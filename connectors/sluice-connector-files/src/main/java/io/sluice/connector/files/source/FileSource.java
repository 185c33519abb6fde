package io.sluice.connector.files.source;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.sluice.connector.files.ColumnTypes;
import io.sluice.connector.files.config.FileOptions;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SluiceException;
import io.sluice.spi.spark.RowCounts;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SourceResult;
import io.sluice.spi.spark.SparkBatchSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads CSV, JSON lines or Parquet. With declared columns, only those are read and typed; records
 * that do not parse or do not fit a type follow the {@code bad_records} policy.
 */
public final class FileSource implements SparkBatchSource {
  static final String CORRUPT = "_corrupt_record";
  private static final String BAD = "_sluice_bad";

  private final ResolvedOptions options;

  public FileSource(ResolvedOptions options) {
    this.options = options;
  }

  @Override
  public SourceResult read(SourceContext context) {
    String format = options.get(FileOptions.FORMAT);
    Dataset<Row> raw;
    Map<String, String> declared = options.find(FileOptions.COLUMNS).orElse(Map.of());
    Map<String, String> physical; // declared (or all) column name -> physical name
    switch (format) {
      case "csv" -> {
        raw = readCsv(context.spark(), declared);
        physical = columnsByTrimmedName(raw, declared);
      }
      case "json" -> {
        raw = readJson(context.spark(), declared);
        physical = columnsByTrimmedName(raw, declared);
      }
      case "parquet" -> {
        raw = context.spark().read().parquet(path());
        physical = columnsByTrimmedName(raw, declared);
      }
      default -> throw new IllegalStateException("unknown format " + format);
    }
    return typed(raw, physical, declared, context.sourceName());
  }

  private String path() {
    return options.get(FileOptions.PATH);
  }

  private DataFrameReader textReader(SparkSession spark) {
    return spark
        .read()
        .option("encoding", options.get(FileOptions.ENCODING))
        .option("multiLine", options.get(FileOptions.MULTILINE));
  }

  /**
   * Reads the header to learn the names, then re-reads every column as a string with a
   * corrupt-record column.
   */
  private Dataset<Row> readCsv(SparkSession spark, Map<String, String> declared) {
    DataFrameReader reader =
        textReader(spark)
            .option("sep", delimiter())
            .option("quote", options.get(FileOptions.QUOTE))
            .option("escape", options.get(FileOptions.ESCAPE))
            .option("header", options.get(FileOptions.HEADER));
    String[] names;
    try {
      names = reader.csv(path()).columns();
    } catch (Exception e) { // Spark's AnalysisException is checked but undeclared
      throw unreadable(e);
    }
    if (!options.get(FileOptions.HEADER) && !declared.isEmpty()) {
      // no header: the declared columns name the fields in order
      if (names.length != declared.size()) {
        throw new SluiceException(
            ErrorCode.INPUT_SCHEMA,
            "Cannot read "
                + path()
                + ": it has no header and "
                + names.length
                + " fields a line, but the source declares "
                + declared.size()
                + " columns "
                + declared.keySet()
                + "; without a header the columns are taken in order, so declare one per field");
      }
      names = declared.keySet().toArray(String[]::new);
    }
    List<StructField> fields = new ArrayList<>();
    for (String name : names) {
      fields.add(DataTypes.createStructField(name, DataTypes.StringType, true));
    }
    fields.add(DataTypes.createStructField(CORRUPT, DataTypes.StringType, true));
    return reader
        .schema(new StructType(fields.toArray(StructField[]::new)))
        .option("enforceSchema", "true")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .csv(path());
  }

  private Dataset<Row> readJson(SparkSession spark, Map<String, String> declared) {
    DataFrameReader reader =
        textReader(spark).option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT);
    if (declared.isEmpty()) {
      return reader.json(path());
    }
    StringBuilder ddl = new StringBuilder();
    declared.forEach(
        (name, type) ->
            ddl.append('`').append(name.replace("`", "``")).append("` ").append(type).append(", "));
    ddl.append(CORRUPT).append(" string");
    return reader.schema(ddl.toString()).json(path());
  }

  private SluiceException unreadable(Exception e) {
    return new SluiceException(
        ErrorCode.INPUT_SCHEMA,
        "Cannot read "
            + options.get(FileOptions.FORMAT)
            + " input at "
            + path()
            + ": "
            + firstLine(e.getMessage()),
        e);
  }

  private String delimiter() {
    String delimiter = options.get(FileOptions.DELIMITER);
    return delimiter.equals("\\t") ? "\t" : delimiter;
  }

  /**
   * Maps each wanted column to the physical column whose trimmed name equals it (so a header {@code
   * "longitude "} serves {@code longitude}); refuses input that lacks declared columns.
   */
  private Map<String, String> columnsByTrimmedName(Dataset<Row> raw, Map<String, String> declared) {
    Map<String, String> trimmed = new LinkedHashMap<>();
    for (String name : raw.columns()) {
      if (!name.equals(CORRUPT)) {
        trimmed.putIfAbsent(clean(name), name);
      }
    }
    Map<String, String> result = new LinkedHashMap<>();
    if (declared.isEmpty()) {
      result.putAll(trimmed);
      return result;
    }
    List<String> missing = new ArrayList<>();
    for (String name : declared.keySet()) {
      Optional<String> physical =
          Optional.ofNullable(trimmed.get(name.trim()))
              .or(
                  () ->
                      trimmed.keySet().stream()
                          .filter(n -> n.equalsIgnoreCase(name.trim()))
                          .findFirst()
                          .map(trimmed::get));
      if (physical.isEmpty()) {
        missing.add(name);
      } else {
        result.put(name, physical.get());
      }
    }
    if (!missing.isEmpty()) {
      throw new SluiceException(
          ErrorCode.INPUT_SCHEMA,
          "Cannot read "
              + path()
              + ": declared columns "
              + missing
              + " are not in the input; it has "
              + new ArrayList<>(trimmed.keySet())
              + ". Fix the 'columns' of the source or the input file");
    }
    return result;
  }

  /** The name a header column is known by: trimmed and, if asked, in snake_case. */
  private String clean(String name) {
    String trimmed = name.trim();
    if (!options.get(FileOptions.NORMALIZE_NAMES)) {
      return trimmed;
    }
    return trimmed
        .toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_+|_+$", "");
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** Casts declared types, finds bad records, and applies the policy. */
  private SourceResult typed(
      Dataset<Row> raw,
      Map<String, String> physical,
      Map<String, String> declared,
      String sourceName) {
    boolean hasCorrupt = List.of(raw.columns()).contains(CORRUPT);
    List<Column> outputs = new ArrayList<>();
    List<Column> reasons = new ArrayList<>();
    Column bad = lit(false);
    if (hasCorrupt) {
      reasons.add(when(col(CORRUPT).isNotNull(), lit("malformed record")));
      bad = col(CORRUPT).isNotNull();
    }
    for (Map.Entry<String, String> entry : physical.entrySet()) {
      String name = entry.getKey();
      String type = declared.getOrDefault(name, "string");
      Column source = raw.col(quote(entry.getValue()));
      boolean textInput =
          raw.schema().apply(entry.getValue()).dataType().equals(DataTypes.StringType);
      if (ColumnTypes.isString(type) || !textInput) {
        outputs.add(
            ColumnTypes.isString(type) || textInput ? source.as(name) : source.cast(type).as(name));
        continue;
      }
      Column cast = expr("try_cast(" + quote(entry.getValue()) + " AS " + type + ")");
      Column trimmedText = org.apache.spark.sql.functions.trim(source);
      outputs.add(when(trimmedText.equalTo(""), lit(null).cast(type)).otherwise(cast).as(name));
      Column wrong = source.isNotNull().and(trimmedText.notEqual("")).and(cast.isNull());
      bad = bad.or(wrong);
      reasons.add(
          when(
              wrong,
              concat_ws(
                  "", lit("column " + name + ": '"), source, lit("' is not of type " + type))));
    }
    if (reasons.isEmpty()) {
      return SourceResult.of(raw.select(outputs.toArray(Column[]::new)));
    }
    Column reason = concat_ws("; ", reasons.toArray(Column[]::new));
    // The good path carries only the typed columns and whether the row is bad; the reason and
    // the raw record are built for bad rows alone.
    List<Column> scoredColumns = new ArrayList<>(outputs);
    scoredColumns.add(bad.as(BAD));
    Dataset<Row> scored = raw.select(scoredColumns.toArray(Column[]::new));
    String policy = options.get(FileOptions.BAD_RECORDS);
    Column[] outputNames =
        physical.keySet().stream().map(n -> col(quote(n))).toArray(Column[]::new);
    RowCounts.Filter badRecords =
        RowCounts.keepUnless(raw.sparkSession(), col(BAD), "bad records of " + sourceName);
    Dataset<Row> good = scored.filter(badRecords.keep()).select(outputNames);
    java.util.function.LongSupplier badCount = badRecords.rejected();
    Dataset<Row> rejected =
        raw.select(
                reason.as(SourceResult.REASON_COLUMN),
                rawRecord(raw, hasCorrupt).as(SourceResult.RAW_COLUMN),
                input_file_name().as(SourceResult.ORIGIN_COLUMN))
            .filter(col(SourceResult.REASON_COLUMN).notEqual(""))
            .select(
                col(SourceResult.RAW_COLUMN),
                col(SourceResult.REASON_COLUMN),
                col(SourceResult.ORIGIN_COLUMN));
    switch (policy) {
      case "fail" -> {
        List<Column> failColumns = new ArrayList<>(outputs);
        failColumns.add(
            when(
                    reason.notEqual(""),
                    raise_error(
                        concat_ws(
                            "",
                            lit("Cannot read a record of "),
                            input_file_name(),
                            lit(": "),
                            reason,
                            lit(". Record: "),
                            rawRecord(raw, hasCorrupt),
                            lit(". Set bad_records: quarantine to keep such records aside"))))
                .as(BAD));
        return SourceResult.of(
            raw.select(failColumns.toArray(Column[]::new))
                .filter(col(BAD).isNull())
                .select(outputNames));
      }
      case "drop" -> {
        return new SourceResult(
            good, Optional.of(rejected), SourceResult.RejectedAction.DROP, badCount);
      }
      default -> {
        return new SourceResult(
            good, Optional.of(rejected), SourceResult.RejectedAction.QUARANTINE, badCount);
      }
    }
  }

  private static Column rawRecord(Dataset<Row> raw, boolean hasCorrupt) {
    List<Column> all = new ArrayList<>();
    for (String name : raw.columns()) {
      if (!name.equals(CORRUPT)) {
        all.add(raw.col(quote(name)));
      }
    }
    Column asJson = to_json(struct(all.toArray(Column[]::new)));
    return hasCorrupt ? org.apache.spark.sql.functions.coalesce(col(CORRUPT), asJson) : asJson;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
