package io.sluice.examples;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice generate EXAMPLE --rows N --out PATH}: realistic input data for an example. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Write realistic input data for an example.")
final class GenerateCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "EXAMPLE",
      description = "ufo-sightings (CSV), movie-reviews (JSON lines) or taxi-fares (CSV)")
  String example;

  @Option(names = "--rows", description = "How many rows (default: the example's demo size).")
  Long rows;

  @Option(
      names = {"-o", "--out"},
      required = true,
      description = "The file to write.")
  Path out;

  @Option(
      names = "--seed",
      description = "Random seed, for repeatable data (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Override
  public Integer call() throws Exception {
    Example chosen = Example.byId(example);
    long count = rows == null ? chosen.defaultRows() : rows;
    if (count < 0) {
      throw new io.sluice.spi.SluiceException(
          io.sluice.spi.ErrorCode.INVALID_VALUE,
          "Cannot write " + count + " rows: --rows must be 0 or more");
    }
    long started = System.nanoTime();
    chosen.generate(out, count, seed);
    System.out.printf(
        Locale.ROOT,
        "Wrote %,d rows of %s to %s in %.1fs%n",
        count,
        chosen.id(),
        out,
        (System.nanoTime() - started) / 1e9);
    return 0;
  }
}
