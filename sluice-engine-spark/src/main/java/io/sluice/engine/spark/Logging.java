package io.sluice.engine.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/** Keeps Spark's, Hadoop's and Iceberg's INFO chatter off the console (CONVENTIONS 14). */
final class Logging {
  private Logging() {}

  static void quiet() {
    if (Boolean.getBoolean("sluice.verboseSpark")) {
      return;
    }
    Configurator.setRootLevel(Level.WARN);
    for (String logger :
        new String[] {
          "org.apache.spark",
          "org.apache.hadoop",
          "org.apache.iceberg",
          "org.sparkproject",
          "org.apache.parquet"
        }) {
      Configurator.setLevel(logger, Level.ERROR);
    }
  }
}
