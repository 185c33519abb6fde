package io.sluice.engine.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where a JVM reads a model folder: a local path as it is, or a folder on a lake's filesystem
 * (s3a://, hdfs://, ... through Hadoop, with the session's spark.hadoop.* settings) copied once per
 * JVM into its temporary folder, so that every task of an executor loads the same files.
 */
final class ModelFolders {
  private static final Map<String, Path> COPIED = new ConcurrentHashMap<>();

  private ModelFolders() {}

  /** A local model path made absolute on the driver; a URI as it is. */
  static String absolute(String model) {
    return remote(model) ? model : Path.of(model).toAbsolutePath().normalize().toString();
  }

  /** The local folder of {@code model}, copied from its filesystem on first use in this JVM. */
  static Path local(String model) {
    if (!remote(model)) {
      return Path.of(model);
    }
    return COPIED.computeIfAbsent(model, ModelFolders::copy);
  }

  private static boolean remote(String model) {
    return model.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") && !model.startsWith("file:");
  }

  private static Path copy(String model) {
    try {
      Configuration conf =
          org.apache.spark.deploy.SparkHadoopUtil.get()
              .newConfiguration(org.apache.spark.SparkEnv.get().conf());
      org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(model);
      FileSystem fs = source.getFileSystem(conf);
      // per JVM: two executors of one machine do not write the same files
      String name =
          source.getName().replaceAll("\\W", "_")
              + "-"
              + Integer.toHexString(model.hashCode())
              + "-"
              + ProcessHandle.current().pid();
      Path target =
          Files.createDirectories(
              Path.of(System.getProperty("java.io.tmpdir"), "sluice-models", name));
      for (FileStatus file : fs.listStatus(source)) {
        if (file.isFile()) {
          fs.copyToLocalFile(
              false,
              file.getPath(),
              new org.apache.hadoop.fs.Path(target.resolve(file.getPath().getName()).toUri()),
              true);
        }
      }
      Files.writeString(target.resolve(".source"), model, StandardCharsets.UTF_8);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy the model folder " + model, e);
    }
  }
}
