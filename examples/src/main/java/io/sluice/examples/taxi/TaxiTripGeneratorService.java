package io.sluice.examples.taxi;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.RunningService;
import io.sluice.spi.ServiceConnector;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code taxi-trip-generator} service: before the run, writes the taxi-fares example's input
 * when it is not there yet: {@code history.csv} (trips of 2009 to June 2015) and, for a daily run,
 * {@code trips-DAY.csv}, so that the example runs on a fresh clone. Files that exist are kept.
 */
public final class TaxiTripGeneratorService implements ServiceConnector {
  public static final Option<String> PATH =
      Option.key("path").stringType().required().description("The folder to write into.");
  public static final Option<Long> HISTORY_ROWS =
      Option.key("history_rows")
          .longType()
          .defaultValue(200_000L)
          .description("Rows of history.csv (2009 to June 2015); 0 writes none.");
  public static final Option<String> DAY =
      Option.key("day")
          .stringType()
          .noDefaultValue()
          .description("A day YYYY-MM-DD whose trips-DAY.csv to write, for daily runs.");
  public static final Option<Long> DAY_ROWS =
      Option.key("day_rows").longType().defaultValue(20_000L).description("Rows of a day's file.");
  public static final Option<Long> SEED =
      Option.key("seed").longType().defaultValue(42L).description("Random seed.");

  @Override
  public String id() {
    return "taxi-trip-generator";
  }

  @Override
  public String description() {
    return "Writes realistic NYC taxi trips (Kaggle's train.csv layout) for the taxi-fares example"
        + " before the run";
  }

  @Override
  public List<Option<?>> serviceOptions() {
    return List.of(PATH, HISTORY_ROWS, DAY, DAY_ROWS, SEED);
  }

  @Override
  public RunningService startService(String name, ResolvedOptions options) {
    Path folder = Path.of(options.get(PATH));
    long seed = options.get(SEED);
    List<String> written = new ArrayList<>();
    long started = System.nanoTime();
    try {
      long historyRows = options.get(HISTORY_ROWS);
      Path history = folder.resolve("history.csv");
      if (historyRows > 0 && !Files.exists(history)) {
        write(history, (generator, path) -> generator.write(path, historyRows), seed);
        written.add(String.format(Locale.ROOT, "history.csv (%,d trips)", historyRows));
      }
      if (options.contains(DAY)) {
        LocalDate day = day(name, options.get(DAY));
        Path file = folder.resolve("trips-" + day + ".csv");
        if (!Files.exists(file)) {
          long rows = options.get(DAY_ROWS);
          write(
              file,
              (generator, path) -> generator.writeDay(path, day, rows),
              seed + day.toEpochDay());
          written.add(String.format(Locale.ROOT, "%s (%,d trips)", file.getFileName(), rows));
        }
      }
    } catch (IOException e) {
      throw new SluiceException(
          ErrorCode.RUN_FAILED,
          "Cannot write taxi trips under " + folder + ": " + e.getMessage(),
          e);
    }
    String summary =
        written.isEmpty()
            ? "files already there"
            : String.format(
                Locale.ROOT,
                "wrote %s in %.1fs",
                String.join(", ", written),
                (System.nanoTime() - started) / 1e9);
    return RunningService.of(folder.toAbsolutePath() + " (" + summary + ")", () -> {});
  }

  private interface Writing {
    long write(TaxiGenerator generator, Path path) throws IOException;
  }

  /** Writes through a temporary file, so that a run killed midway leaves no half file behind. */
  private static void write(Path target, Writing writing, long seed) throws IOException {
    Path partial = target.resolveSibling(target.getFileName() + ".partial");
    TaxiGenerator generator = new TaxiGenerator(seed);
    var unused = writing.write(generator, partial);
    Files.move(partial, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static LocalDate day(String name, String text) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot start service '"
              + name
              + "': 'day' must be a date YYYY-MM-DD, got '"
              + text
              + "'");
    }
  }
}
