package io.sluice.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder Spark's launcher accepts as SPARK_HOME for a multi-JVM local-cluster: {@code jars/}
 * links every jar of this class path (STACK.md: set SPARK_SCALA_VERSION=2.13 too). Executors write
 * their output under {@code work/<app>/<executor>/}.
 */
public final class SparkHome {
  private SparkHome() {}

  public static Path create(Path work) throws IOException {
    Path home = work.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
        Path link = jars.resolve(path.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, path.toAbsolutePath());
        }
      }
    }
    return home;
  }
}
