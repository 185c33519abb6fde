package io.sluice.connector.files;

import io.sluice.connector.files.config.FileOptions;
import io.sluice.connector.files.sink.FileSink;
import io.sluice.connector.files.source.FileSource;
import io.sluice.spi.Delivery;
import io.sluice.spi.DeliveryGuarantee;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.OptionProblem;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SinkConnector;
import io.sluice.spi.SourceConnector;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SparkBatchSink;
import io.sluice.spi.spark.SparkBatchSource;
import java.util.ArrayList;
import java.util.List;

/** The {@code file} connector: CSV, JSON lines and Parquet files on any Hadoop file system. */
public final class FileConnectorFactory implements SourceConnector, SinkConnector {
  @Override
  public String id() {
    return "file";
  }

  @Override
  public String description() {
    return "CSV, JSON lines and Parquet files (local, HDFS, S3) with declared columns and a bad-record policy";
  }

  @Override
  public List<Option<?>> sourceOptions() {
    return FileOptions.SOURCE;
  }

  @Override
  public List<Option<?>> sinkOptions() {
    return FileOptions.SINK;
  }

  @Override
  public List<OptionProblem> validateSource(ResolvedOptions options) {
    List<OptionProblem> problems = new ArrayList<>(validateCsv(options));
    String format = options.get(FileOptions.FORMAT);
    if (format.equals("parquet") && options.contains(FileOptions.HEADER)) {
      problems.add(
          new OptionProblem(
              "header",
              ErrorCode.INVALID_VALUE,
              "'header' applies to csv only, but format is parquet",
              "remove 'header'"));
    }
    options
        .find(FileOptions.COLUMNS)
        .ifPresent(
            columns ->
                columns.forEach(
                    (name, type) -> {
                      if (!ColumnTypes.isKnown(type)) {
                        problems.add(
                            new OptionProblem(
                                "columns",
                                ErrorCode.INVALID_VALUE,
                                "column '" + name + "' has unknown type '" + type + "'",
                                "use a Spark SQL type: " + ColumnTypes.EXAMPLES));
                      }
                    }));
    return problems;
  }

  @Override
  public List<OptionProblem> validateSink(ResolvedOptions options) {
    return validateCsv(options);
  }

  private static List<OptionProblem> validateCsv(ResolvedOptions options) {
    List<OptionProblem> problems = new ArrayList<>();
    for (Option<String> option :
        List.of(FileOptions.DELIMITER, FileOptions.QUOTE, FileOptions.ESCAPE)) {
      String value = options.get(option);
      if (value.codePointCount(0, value.length()) != 1 && !value.equals("\\t")) {
        problems.add(
            new OptionProblem(
                option.key(),
                ErrorCode.INVALID_VALUE,
                "'" + option.key() + "' must be one character, got '" + value + "'",
                "write a single character, or \\t for tab"));
      }
    }
    return problems;
  }

  @Override
  public Delivery sinkDelivery(ResolvedOptions options, WriteMode mode) {
    return mode == WriteMode.APPEND
        ? new Delivery(DeliveryGuarantee.AT_LEAST_ONCE, "append: a re-run adds the files again")
        : new Delivery(
            DeliveryGuarantee.AT_LEAST_ONCE,
            "overwrite replaces the folder, but not atomically: a failed write can leave part of it");
  }

  @Override
  public SparkBatchSource createBatchSource(ResolvedOptions options) {
    return new FileSource(options);
  }

  @Override
  public SparkBatchSink createBatchSink(ResolvedOptions options) {
    return new FileSink(options);
  }
}
