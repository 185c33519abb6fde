package io.sluice.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/** What a Spark 4.1 distribution has in its jars/ folder, as this module's build listed it. */
public final class SparkDistribution {
  /** The list, a class path of {@code jars/NAME.jar} entries, written by this module's build. */
  public static final String JAR_LIST = "io/sluice/spark/spark-jars.txt";

  private SparkDistribution() {}

  /** The file names of the jars a Spark distribution has in jars/. */
  public static Set<String> jarNames() {
    try (InputStream in = SparkDistribution.class.getClassLoader().getResourceAsStream(JAR_LIST)) {
      if (in == null) {
        throw new IllegalStateException(
            "Cannot tell which jars Spark provides: "
                + JAR_LIST
                + " is not on the class path (module sluice-spark-runtime)");
      }
      Set<String> names = new LinkedHashSet<>();
      for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(":")) {
        names.add(Path.of(entry.trim()).getFileName().toString());
      }
      return Collections.unmodifiableSet(names);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
