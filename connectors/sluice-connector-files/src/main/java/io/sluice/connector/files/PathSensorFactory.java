package io.sluice.connector.files;

import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SensorConnector;
import io.sluice.spi.spark.SparkSensor;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code path} sensor: waits until a path or glob matches files, on any Hadoop file system
 * (local, HDFS, S3 through s3a) with the run's Hadoop configuration.
 */
public final class PathSensorFactory implements SensorConnector {
  public static final Option<String> PATH =
      Option.key("path")
          .stringType()
          .required()
          .description(
              "A path or glob: ./data/*/${ds_epoch_ms}/*.gz, hdfs://..., s3a://bucket/x/*.");
  public static final Option<Integer> MIN_FILES =
      Option.key("min_files")
          .intType()
          .defaultValue(1)
          .description("How many files must match (folders are not counted).");

  @Override
  public String id() {
    return "path";
  }

  @Override
  public String description() {
    return "Sensor: waits until a path or glob matches files (local, HDFS, S3)";
  }

  @Override
  public List<Option<?>> sensorOptions() {
    return List.of(PATH, MIN_FILES);
  }

  @Override
  public SparkSensor createSensor(ResolvedOptions options) {
    String glob = options.get(PATH);
    int min = options.get(MIN_FILES);
    return new SparkSensor() {
      @Override
      public String describe() {
        return (min == 1 ? "a file" : min + " files") + " matching " + glob;
      }

      @Override
      public boolean poke(SparkSession spark, Map<String, String> services) {
        Path path = new Path(glob);
        try {
          FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
          FileStatus[] found = fs.globStatus(path);
          if (found == null) {
            return false;
          }
          long files = 0;
          for (FileStatus status : found) {
            if (status.isFile()) {
              files++;
            } else if (status.isDirectory()) {
              for (FileStatus child : fs.listStatus(status.getPath())) {
                files += child.isFile() ? 1 : 0;
              }
            }
          }
          return files >= min;
        } catch (IOException e) {
          return false;
        }
      }
    };
  }
}
