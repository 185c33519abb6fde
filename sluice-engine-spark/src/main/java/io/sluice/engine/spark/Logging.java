package io.sluice.engine.spark;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Keeps Spark's, Hadoop's and Iceberg's chatter off the console (CONVENTIONS 14): their warnings
 * and errors go to the log file that the logging configuration names; with --verbose the console
 * shows them too, from INFO up.
 */
final class Logging {
  private Logging() {}

  static void quiet() {
    if (Boolean.getBoolean("sluice.verboseSpark")) {
      showOnConsole();
      return;
    }
    Configurator.setRootLevel(Level.WARN);
    for (String logger :
        new String[] {"org.apache.hadoop", "org.apache.parquet", "org.sparkproject"}) {
      Configurator.setLevel(logger, Level.ERROR);
    }
  }

  /** Adds the console appender (when configured) to the root logger at INFO. */
  private static void showOnConsole() {
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      return;
    }
    Configuration configuration = context.getConfiguration();
    Appender console = configuration.getAppender("console");
    if (console != null
        && !configuration.getRootLogger().getAppenders().containsKey(console.getName())) {
      configuration.getRootLogger().addAppender(console, Level.INFO, null);
      configuration.getRootLogger().setLevel(Level.INFO);
      context.updateLoggers();
    }
  }
}
