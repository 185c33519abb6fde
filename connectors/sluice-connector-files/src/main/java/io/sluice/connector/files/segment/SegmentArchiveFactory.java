package io.sluice.connector.files.segment;

import io.sluice.connector.files.config.FileOptions;
import io.sluice.connector.files.source.FileSource;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.OptionProblem;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SluiceException;
import io.sluice.spi.SourceConnector;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SourceResult;
import io.sluice.spi.spark.SparkBatchSource;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The {@code segment-archive} source: the files Segment's S3 destination writes, {@code
 * <path>/<sourceId>/<dayEpochMs>/<epochMs>.events-archiver-<n>.<hash>.<uuid>.gz} (gzip JSON lines),
 * for the day folders of {@code day} (and the {@code days - 1} after it), read with an explicit
 * schema so that only the needed fields are parsed.
 */
public final class SegmentArchiveFactory implements SourceConnector {
  /** The fields the Segment-to-warehouse pipeline reads (the seed's explicit schema). */
  public static final Map<String, String> DEFAULT_COLUMNS = defaultColumns();

  public static final Option<String> PATH =
      Option.key("path")
          .stringType()
          .required()
          .description(
              "The archive prefix holding one folder per Segment source (local, hdfs: or s3a:).");
  public static final Option<List<String>> SOURCE_IDS =
      Option.key("source_ids")
          .stringListType()
          .noDefaultValue()
          .description("The Segment source folders to read (default: every folder under 'path').");
  public static final Option<String> DAY =
      Option.key("day")
          .stringType()
          .noDefaultValue()
          .description(
              "The day to read, YYYY-MM-DD: its folder is named by the epoch milliseconds of"
                  + " 00:00 UTC that day. Usually \"${date}\". Without it every day is read.");
  public static final Option<Integer> DAYS =
      Option.key("days")
          .intType()
          .defaultValue(1)
          .description("How many consecutive days from 'day' to read.");
  public static final Option<Map<String, String>> COLUMNS =
      Option.key("columns")
          .stringMapType()
          .noDefaultValue()
          .description(
              "The explicit read schema, name: Spark SQL type (struct<...> and array<...>"
                  + " allowed). Default: anonymousId, userId, messageId, type, event, name,"
                  + " timestamp, context{userAgent, ip, locale, page{url, path, referrer, title}}"
                  + " and properties{path, page, button{name, hospital[]}, action{name,"
                  + " hospital[]}, properties{hospitalId, pageName, routeName, to}}.");
  public static final Option<String> BAD_RECORDS =
      Option.key("bad_records")
          .enumType(FileOptions.BadRecords.class)
          .defaultValue("quarantine")
          .description("fail, drop or quarantine lines that are not JSON objects.");

  @Override
  public String id() {
    return "segment-archive";
  }

  @Override
  public String description() {
    return "Segment S3-destination archives: gzip JSON lines in day folders, read with an explicit schema";
  }

  @Override
  public List<Option<?>> sourceOptions() {
    return List.of(PATH, SOURCE_IDS, DAY, DAYS, COLUMNS, BAD_RECORDS);
  }

  @Override
  public List<OptionProblem> validateSource(ResolvedOptions options) {
    List<OptionProblem> problems = new ArrayList<>();
    options
        .find(DAY)
        .ifPresent(
            day -> {
              try {
                LocalDate.parse(day);
              } catch (DateTimeParseException e) {
                problems.add(
                    new OptionProblem(
                        "day",
                        ErrorCode.INVALID_VALUE,
                        "'day' must be a date YYYY-MM-DD, got '" + day + "'",
                        "write day: \"${date}\" with a date parameter, or 2024-07-01"));
              }
            });
    if (options.get(DAYS) < 1) {
      problems.add(
          new OptionProblem(
              "days", ErrorCode.INVALID_VALUE, "'days' must be at least 1", "the default is 1"));
    }
    return problems;
  }

  @Override
  public SparkBatchSource createBatchSource(ResolvedOptions options) {
    return new SegmentArchiveSource(options);
  }

  /** The epoch-millisecond folder name of a day (00:00 UTC). */
  public static long dayFolder(LocalDate day) {
    return day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  /** Finds the day folders, then reads their archives through the JSON file reader. */
  static final class SegmentArchiveSource implements SparkBatchSource {
    private final ResolvedOptions options;

    SegmentArchiveSource(ResolvedOptions options) {
      this.options = options;
    }

    @Override
    public SourceResult read(SourceContext context) {
      String root = options.get(PATH);
      String glob = glob(context.spark().sparkContext().hadoopConfiguration(), root);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put(FileOptions.PATH.key(), glob);
      json.put(FileOptions.FORMAT.key(), "json");
      json.put(FileOptions.COLUMNS.key(), options.find(COLUMNS).orElse(DEFAULT_COLUMNS));
      json.put(FileOptions.BAD_RECORDS.key(), options.get(BAD_RECORDS));
      return new FileSource(new ResolvedOptions(json)).read(context);
    }

    /** One glob over the wanted sources and days; fails naming what is missing. */
    private String glob(Configuration hadoop, String root) {
      Path base = new Path(root);
      List<String> days = new ArrayList<>();
      options
          .find(DAY)
          .ifPresentOrElse(
              day -> {
                LocalDate first = LocalDate.parse(day);
                for (int i = 0; i < options.get(DAYS); i++) {
                  days.add(String.valueOf(dayFolder(first.plusDays(i))));
                }
              },
              () -> days.add("*"));
      try {
        FileSystem fs = base.getFileSystem(hadoop);
        if (!fs.exists(base)) {
          throw new SluiceException(
              ErrorCode.INPUT_SCHEMA,
              "Cannot read the Segment archive: " + root + " does not exist");
        }
        List<String> sources = new ArrayList<>();
        if (options.find(SOURCE_IDS).isPresent()) {
          sources.addAll(options.get(SOURCE_IDS));
        } else {
          for (FileStatus status : fs.listStatus(base)) {
            if (status.isDirectory() && !status.getPath().getName().startsWith("_")) {
              sources.add(status.getPath().getName());
            }
          }
        }
        List<String> foundSources = new ArrayList<>();
        List<String> foundDays = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String source : sources) {
          for (String day : days) {
            Path glob = new Path(new Path(new Path(base, source), day), "*.gz");
            FileStatus[] found = fs.globStatus(glob);
            if (found == null || found.length == 0) {
              missing.add(source + "/" + day);
            } else {
              if (!foundSources.contains(source)) {
                foundSources.add(source);
              }
              if (!foundDays.contains(day)) {
                foundDays.add(day);
              }
            }
          }
        }
        if (foundSources.isEmpty()) {
          throw new SluiceException(
              ErrorCode.INPUT_SCHEMA,
              "Cannot read the Segment archive under "
                  + root
                  + ": no .gz archives in "
                  + (missing.isEmpty() ? "any source folder" : String.join(", ", missing))
                  + options.find(DAY).map(d -> " (day " + d + ", folder " + days + ")").orElse("")
                  + "; is the day's export there yet?");
        }
        return new Path(
                new Path(new Path(base, alternatives(foundSources)), alternatives(foundDays)),
                "*.gz")
            .toString();
      } catch (IOException e) {
        throw new SluiceException(
            ErrorCode.INPUT_SCHEMA,
            "Cannot list the Segment archive under " + root + ": " + e.getMessage(),
            e);
      }
    }
  }

  /** {@code a} or the Hadoop glob alternation {@code {a,b}}. */
  private static String alternatives(List<String> names) {
    return names.size() == 1 ? names.get(0) : "{" + String.join(",", names) + "}";
  }

  private static Map<String, String> defaultColumns() {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("anonymousId", "string");
    columns.put("userId", "string");
    columns.put("messageId", "string");
    columns.put("type", "string");
    columns.put("event", "string");
    columns.put("name", "string");
    columns.put("timestamp", "string");
    columns.put(
        "context",
        "struct<userAgent:string,ip:string,locale:string,"
            + "page:struct<url:string,path:string,referrer:string,title:string>>");
    columns.put(
        "properties",
        "struct<path:string,page:string,"
            + "button:struct<name:string,hospital:array<string>>,"
            + "action:struct<name:string,hospital:array<string>>,"
            + "properties:struct<hospitalId:string,pageName:string,routeName:string,to:string>>");
    return java.util.Collections.unmodifiableMap(columns);
  }
}
