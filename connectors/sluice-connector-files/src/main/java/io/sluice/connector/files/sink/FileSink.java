package io.sluice.connector.files.sink;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

import io.sluice.connector.files.config.FileOptions;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SluiceException;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.ObservedMetrics;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import io.sluice.spi.spark.SparkBatchSink;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/** Writes CSV, JSON lines or Parquet files; counts the rows it wrote while writing them. */
public final class FileSink implements SparkBatchSink {
  private final ResolvedOptions options;

  public FileSink(ResolvedOptions options) {
    this.options = options;
  }

  @Override
  public SinkResult write(Dataset<Row> data, SinkContext context) {
    if (context.mode() == WriteMode.MERGE) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot merge into file sink '"
              + context.sinkName()
              + "': files support overwrite and append");
    }
    Observation observation = new Observation("sink_" + context.sinkName());
    Dataset<Row> observed = data.observe(observation, count(lit(1)).as("rows"));
    if (options.get(FileOptions.SINGLE_FILE)) {
      observed = observed.coalesce(1);
    }
    String format = options.get(FileOptions.FORMAT);
    DataFrameWriter<Row> writer =
        observed
            .write()
            .mode(context.mode() == WriteMode.APPEND ? SaveMode.Append : SaveMode.Overwrite)
            .format(format);
    if (format.equals("csv")) {
      writer =
          writer
              .option("header", options.get(FileOptions.HEADER))
              .option(
                  "sep",
                  options.get(FileOptions.DELIMITER).equals("\\t")
                      ? "\t"
                      : options.get(FileOptions.DELIMITER))
              .option("quote", options.get(FileOptions.QUOTE))
              .option("escape", options.get(FileOptions.ESCAPE))
              .option("encoding", options.get(FileOptions.ENCODING));
    }
    writer.save(options.get(FileOptions.PATH));
    long rows = ObservedMetrics.count(observation, "rows");
    return new SinkResult(describeTarget(), rows);
  }

  @Override
  public String describeTarget() {
    return options.get(FileOptions.FORMAT) + " files at " + options.get(FileOptions.PATH);
  }
}
