package io.sluice.examples;

import io.sluice.examples.reviews.ReviewGenerator;
import io.sluice.examples.taxi.TaxiGenerator;
import io.sluice.examples.ufo.UfoGenerator;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The example pipelines: where their files are and how their demo input is generated. */
public enum Example {
  /** Needs no input file: its local profile starts the MapleStory API simulator. */
  MAPLE_NICKNAMES("maple-nicknames", 0) {
    @Override
    public long generate(Path output, long rows, long seed) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "maple-nicknames has no input file: its local profile starts a MapleStory API simulator"
              + " with generated characters (--param characters=N)");
    }
  },
  UFO_SIGHTINGS("ufo-sightings", 100_000) {
    @Override
    public long generate(Path output, long rows, long seed) throws IOException {
      return new UfoGenerator(seed).write(output, rows);
    }
  },
  /** IMDb user reviews as JSON lines, the records the movie-reviews producer sends. */
  MOVIE_REVIEWS("movie-reviews", 10_000) {
    @Override
    public long generate(Path output, long rows, long seed) throws IOException {
      return new ReviewGenerator(seed).write(output, rows);
    }
  },
  /** NYC taxi trips of 2009-2015 in the Kaggle train.csv layout, with its dirt. */
  TAXI_FARES("taxi-fares", 200_000) {
    @Override
    public long generate(Path output, long rows, long seed) throws IOException {
      return new TaxiGenerator(seed).write(output, rows);
    }
  };

  private final String id;
  private final long defaultRows;

  Example(String id, long defaultRows) {
    this.id = id;
    this.defaultRows = defaultRows;
  }

  public String id() {
    return id;
  }

  public long defaultRows() {
    return defaultRows;
  }

  /** Whether the demo generates an input file first. */
  public boolean generatesInput() {
    return defaultRows > 0;
  }

  /** Writes a realistic input of {@code rows} rows to {@code output}. */
  public abstract long generate(Path output, long rows, long seed) throws IOException;

  public static Example byId(String id) {
    return Arrays.stream(values())
        .filter(example -> example.id.equals(id.toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new SluiceException(
                    ErrorCode.INVALID_VALUE,
                    "Cannot find example '"
                        + id
                        + "': known examples are "
                        + Arrays.stream(values())
                            .map(Example::id)
                            .collect(Collectors.joining(", "))));
  }

  /** The example's pipeline file, under $SLUICE_HOME/examples or ./examples. */
  public Path pipelineFile() {
    String home = System.getenv("SLUICE_HOME");
    Path root = home == null ? Path.of("") : Path.of(home);
    Path file = root.resolve("examples").resolve(id).resolve("pipeline.yaml");
    if (!Files.exists(file)) {
      throw new SluiceException(
          ErrorCode.FILE_NOT_FOUND,
          "Cannot find "
              + file.toAbsolutePath()
              + ": run from the Sluice checkout or set SLUICE_HOME to it");
    }
    return file;
  }
}
