package io.sluice.examples.segment;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.RunningService;
import io.sluice.spi.ServiceConnector;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code segment-archive-generator} service: before the run, writes generated Segment archives
 * for the days asked (a day folder that exists is kept), so that the segment-warehouse example runs
 * on a fresh clone.
 */
public final class SegmentArchiveGeneratorService implements ServiceConnector {
  public static final Option<String> PATH =
      Option.key("path").stringType().required().description("The archive root to write.");
  public static final Option<List<String>> SOURCES =
      Option.key("sources")
          .stringListType()
          .defaultValue(List.of("src-web", "src-mobile-web", "src-partner"))
          .description("Segment source ids (one folder each).");
  public static final Option<String> START =
      Option.key("start")
          .stringType()
          .noDefaultValue()
          .description("The first day, YYYY-MM-DD (or give 'end').");
  public static final Option<String> END =
      Option.key("end")
          .stringType()
          .noDefaultValue()
          .description(
              "The last day, YYYY-MM-DD: the days written end on it (instead of 'start').");
  public static final Option<Integer> DAYS =
      Option.key("days").intType().defaultValue(1).description("How many days to write.");
  public static final Option<Long> EVENTS_PER_DAY =
      Option.key("events_per_day")
          .longType()
          .defaultValue(30_000L)
          .description("Events a day over all sources.");
  public static final Option<Integer> EVENTS_PER_FILE =
      Option.key("events_per_file")
          .intType()
          .defaultValue(2_000)
          .description("Events in one .gz archive file.");
  public static final Option<Double> DUPLICATE_RATE =
      Option.key("duplicate_rate")
          .doubleType()
          .defaultValue(0.002)
          .description("Share of events delivered twice (same messageId), as Segment may.");
  public static final Option<Double> MALFORMED_RATE =
      Option.key("malformed_rate")
          .doubleType()
          .defaultValue(0.0)
          .description("Share of lines cut in half (not JSON), to exercise quarantine.");
  public static final Option<Long> SEED =
      Option.key("seed").longType().defaultValue(42L).description("Random seed.");

  @Override
  public String id() {
    return "segment-archive-generator";
  }

  @Override
  public String description() {
    return "Writes realistic Segment archives (gzip JSON lines in day folders) for the"
        + " segment-warehouse example before the run";
  }

  @Override
  public List<Option<?>> serviceOptions() {
    return List.of(
        PATH,
        SOURCES,
        START,
        END,
        DAYS,
        EVENTS_PER_DAY,
        EVENTS_PER_FILE,
        DUPLICATE_RATE,
        MALFORMED_RATE,
        SEED);
  }

  @Override
  public RunningService startService(String name, ResolvedOptions options) {
    boolean fromEnd = options.find(END).isPresent();
    if (fromEnd == options.find(START).isPresent()) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot start service '" + name + "': give either 'start' or 'end' (a date YYYY-MM-DD)");
    }
    String day = fromEnd ? options.get(END) : options.get(START);
    LocalDate first;
    try {
      first =
          fromEnd
              ? LocalDate.parse(day).minusDays(Math.max(1, options.get(DAYS)) - 1L)
              : LocalDate.parse(day);
    } catch (DateTimeParseException e) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot start service '"
              + name
              + "': '"
              + (fromEnd ? "end" : "start")
              + "' must be a date YYYY-MM-DD, got '"
              + day
              + "'");
    }
    SegmentEventGenerator generator =
        new SegmentEventGenerator(
            options.get(SEED),
            options.get(EVENTS_PER_FILE),
            options.get(DUPLICATE_RATE),
            options.get(MALFORMED_RATE));
    try {
      long started = System.nanoTime();
      SegmentEventGenerator.Written written =
          generator.write(
              Path.of(options.get(PATH)),
              options.get(SOURCES),
              first,
              options.get(DAYS),
              options.get(EVENTS_PER_DAY));
      String summary =
          written.dayFolders() == 0
              ? "archives already there"
              : String.format(
                  Locale.ROOT,
                  "wrote %,d events (%,d duplicates, %,d malformed) in %,d files, %d day folders, %.1fs",
                  written.events(),
                  written.duplicates(),
                  written.malformed(),
                  written.files(),
                  written.dayFolders(),
                  (System.nanoTime() - started) / 1e9);
      return RunningService.of(
          Path.of(options.get(PATH)).toAbsolutePath() + " (" + summary + ")", () -> {});
    } catch (IOException e) {
      throw new SluiceException(
          ErrorCode.RUN_FAILED,
          "Cannot write Segment archives under " + options.get(PATH) + ": " + e.getMessage(),
          e);
    }
  }
}
