package io.sluice.connector.files.config;

import io.sluice.spi.Option;
import java.util.List;
import java.util.Map;

/** Options of the {@code file} connector. The reference docs are generated from these constants. */
public final class FileOptions {
  private FileOptions() {}

  /** The formats the connector reads and writes. */
  public enum Format {
    CSV,
    JSON,
    PARQUET
  }

  /** What happens to a record that does not parse or does not fit the declared column types. */
  public enum BadRecords {
    /** Stop the run and name the file and the record. */
    FAIL,
    /** Skip it, counted as dropped. */
    DROP,
    /** Keep it aside in the dataset's quarantine table with the reason. */
    QUARANTINE
  }

  public static final Option<String> PATH =
      Option.key("path")
          .stringType()
          .required()
          .description("A file, a folder or a glob; local, file:, hdfs: or s3a:.");
  public static final Option<String> FORMAT =
      Option.key("format")
          .enumType(Format.class)
          .defaultValue("csv")
          .description("csv, json (JSON lines) or parquet.");
  public static final Option<Boolean> HEADER =
      Option.key("header")
          .booleanType()
          .defaultValue(true)
          .description(
              "CSV: the first line names the columns (names are trimmed of stray spaces).");
  public static final Option<String> DELIMITER =
      Option.key("delimiter")
          .stringType()
          .defaultValue(",")
          .description("CSV: the field separator.");
  public static final Option<String> QUOTE =
      Option.key("quote").stringType().defaultValue("\"").description("CSV: the quote character.");
  public static final Option<String> ESCAPE =
      Option.key("escape")
          .stringType()
          .defaultValue("\"")
          .description("CSV: escapes a quote inside a quoted field (RFC 4180 doubles it).");
  public static final Option<String> ENCODING =
      Option.key("encoding")
          .stringType()
          .defaultValue("UTF-8")
          .description("Character set of text files.");
  public static final Option<Boolean> MULTILINE =
      Option.key("multiline")
          .booleanType()
          .defaultValue(false)
          .description("Quoted fields may span lines (slower: files are not split).");
  public static final Option<Map<String, String>> COLUMNS =
      Option.key("columns")
          .stringMapType()
          .noDefaultValue()
          .description(
              "Declared columns, name: Spark SQL type (string, int, bigint, double, decimal(10,2),"
                  + " timestamp ...). Only these are read; a file missing one is refused.");
  public static final Option<Boolean> NORMALIZE_NAMES =
      Option.key("normalize_names")
          .booleanType()
          .defaultValue(false)
          .description(
              "Turn header names into snake_case: 'duration (seconds)' becomes duration_seconds.");
  public static final Option<String> BAD_RECORDS =
      Option.key("bad_records")
          .enumType(BadRecords.class)
          .defaultValue("fail")
          .description(
              "fail, drop or quarantine records that do not parse or fit the column types.");
  public static final Option<Boolean> SINGLE_FILE =
      Option.key("single_file")
          .booleanType()
          .defaultValue(false)
          .description("Sink: write one file (all rows through one task); for small outputs.");

  public static final List<Option<?>> SOURCE =
      List.of(
          PATH,
          FORMAT,
          HEADER,
          DELIMITER,
          QUOTE,
          ESCAPE,
          ENCODING,
          MULTILINE,
          COLUMNS,
          NORMALIZE_NAMES,
          BAD_RECORDS);
  public static final List<Option<?>> SINK =
      List.of(PATH, FORMAT, HEADER, DELIMITER, QUOTE, ESCAPE, ENCODING, SINGLE_FILE);
}
