package io.sluice.examples.maple;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.RunningService;
import io.sluice.spi.ServiceConnector;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The {@code maplestory-api-simulator} service: a profile starts {@link MapleApiSimulator} on
 * 127.0.0.1 for the run, with a generated population or real names.
 */
public final class MapleSimulatorService implements ServiceConnector {
  public static final Option<Integer> PORT =
      Option.key("port").intType().defaultValue(18480).description("Port on 127.0.0.1.");
  public static final Option<List<String>> API_KEYS =
      Option.key("api_keys")
          .stringListType()
          .required()
          .description("Keys the simulator accepts in x-nxopen-api-key.");
  public static final Option<String> NAMES =
      Option.key("names")
          .stringType()
          .defaultValue("generated")
          .description(
              "'generated', or a low-level names file (page,level,name; the seed's"
                  + " low_level_data.csv). A high-level-data.csv beside it fills the first pages.");
  public static final Option<Integer> CHARACTERS =
      Option.key("characters")
          .intType()
          .defaultValue(30_000)
          .description("Characters of a generated population (200 a page).");
  public static final Option<Double> RATE_LIMIT =
      Option.key("rate_limit")
          .doubleType()
          .defaultValue(500.0)
          .description("Requests per second it answers; more get 429 OPENAPI00007 (0: no limit).");
  public static final Option<Integer> BURST =
      Option.key("burst").intType().defaultValue(50).description("Requests let through at once.");
  public static final Option<Double> FAULT_429 =
      Option.key("fault_429")
          .doubleType()
          .defaultValue(0.0)
          .description("Share of requests answered with an injected 429.");
  public static final Option<Double> FAULT_500 =
      Option.key("fault_500")
          .doubleType()
          .defaultValue(0.0)
          .description("Share of requests answered with an injected 500 OPENAPI00001.");
  public static final Option<Double> FAULT_DROPPED =
      Option.key("fault_dropped")
          .doubleType()
          .defaultValue(0.0)
          .description("Share of requests whose connection is closed without an answer.");
  public static final Option<Long> SEED =
      Option.key("seed").longType().defaultValue(42L).description("Seed of names and faults.");

  @Override
  public String id() {
    return "maplestory-api-simulator";
  }

  @Override
  public String description() {
    return "A local MapleStory Open API (GET /maplestory/v1/ranking/overall) for the"
        + " maple-nicknames example: real error codes, a rate limit, injected faults";
  }

  @Override
  public List<Option<?>> serviceOptions() {
    return List.of(
        PORT,
        API_KEYS,
        NAMES,
        CHARACTERS,
        RATE_LIMIT,
        BURST,
        FAULT_429,
        FAULT_500,
        FAULT_DROPPED,
        SEED);
  }

  @Override
  public RunningService startService(String name, ResolvedOptions options) {
    long seed = options.get(SEED);
    MaplePopulation population;
    String names = options.get(NAMES);
    if (names.equals("generated")) {
      population = MaplePopulation.generated(options.get(CHARACTERS), seed);
    } else {
      Path low = Path.of(names);
      if (!Files.isRegularFile(low)) {
        throw new SluiceException(
            ErrorCode.FILE_NOT_FOUND,
            "Cannot start service '"
                + name
                + "': no names file "
                + low.toAbsolutePath()
                + "; pass --param names=../shared/data/maple/low_level_data.csv or 'generated'");
      }
      Path high = low.resolveSibling("high-level-data.csv");
      try {
        population =
            MaplePopulation.fromNames(
                low, Files.isRegularFile(high) ? Optional.of(high) : Optional.empty(), seed);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    MapleApiSimulator.Settings settings =
        MapleApiSimulator.Settings.defaults(new HashSet<>(options.get(API_KEYS)))
            .withPort(options.get(PORT))
            .withRate(options.get(RATE_LIMIT), options.get(BURST))
            .withFaults(
                new MapleApiSimulator.Faults(
                    options.get(FAULT_429),
                    options.get(FAULT_500),
                    options.get(FAULT_DROPPED),
                    seed));
    MapleApiSimulator simulator;
    try {
      simulator = MapleApiSimulator.start(population, settings);
    } catch (RuntimeException e) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot start service '"
              + name
              + "' on 127.0.0.1:"
              + options.get(PORT)
              + " ("
              + e.getMessage()
              + "); is the port taken? set another with --param api_port=...");
    }
    System.out.println("  " + name + " serves " + population.description());
    return new RunningService() {
      @Override
      public String address() {
        return simulator.url();
      }

      @Override
      public void close() {
        MapleApiSimulator.Stats stats = simulator.stats();
        System.out.printf(
            java.util.Locale.ROOT,
            "  %s served %,d pages once each (%,d refetched), %,d rows, %,d low-level and %,d"
                + " high-level two-character names; %,d requests, %,d rate-limited%n",
            name,
            stats.pagesServed(),
            stats.refetchedPages(),
            stats.rowsServed(),
            stats.lowLevelTwoCharacterRows(),
            stats.highLevelTwoCharacterRows(),
            stats.requests(),
            stats.rateLimited());
        simulator.close();
      }
    };
  }
}
