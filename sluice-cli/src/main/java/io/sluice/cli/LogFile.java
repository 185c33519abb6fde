package io.sluice.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The process's log file: what Spark, Hadoop, Iceberg and Kafka log goes there instead of the
 * console (log4j2.properties), under $SLUICE_LOG_DIR or .sluice/logs, one file per process, created
 * only when something is logged. A failed run names it.
 */
final class LogFile {
  static final String PROPERTY = "sluice.log.file";

  private LogFile() {}

  /** Chooses the file, before anything logs (the logging configuration reads the property). */
  static void choose() {
    if (System.getProperty(PROPERTY) != null) {
      return;
    }
    String folder = System.getenv("SLUICE_LOG_DIR");
    Path directory =
        folder == null || folder.isBlank() ? Path.of(".sluice", "logs") : Path.of(folder);
    String name =
        "sluice-"
            + LocalDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))
            + "-"
            + ProcessHandle.current().pid()
            + ".log";
    System.setProperty(PROPERTY, directory.resolve(name).toString());
  }

  /** The log file, when this process has written to it. */
  static Optional<Path> written() {
    String file = System.getProperty(PROPERTY);
    if (file == null) {
      return Optional.empty();
    }
    Path path = Path.of(file);
    try {
      return Files.isRegularFile(path) && Files.size(path) > 0
          ? Optional.of(path)
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** After a failed run: where Spark's own account of it is, when it wrote one. */
  static void pointTo(PrintStream out) {
    written().ifPresent(path -> out.println("Spark's log (task errors, stack traces): " + path));
  }
}
