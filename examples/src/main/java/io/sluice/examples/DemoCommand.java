package io.sluice.examples;

import io.sluice.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice demo EXAMPLE}: generate the example's input if missing, then run its pipeline. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run an example end to end on generated data, offline.")
final class DemoCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "EXAMPLE", description = "maple-nicknames or ufo-sightings")
  String example;

  @Option(names = "--rows", description = "Rows to generate (default: the example's demo size).")
  Long rows;

  @Option(names = "--profile", description = "Profile to run with (default: ${DEFAULT-VALUE}).")
  String profile = "local";

  /** The path relative to the working directory when it lies below it, for copy-pasteable hints. */
  private static Path shortest(Path path) {
    Path cwd = Path.of("").toAbsolutePath();
    Path absolute = path.toAbsolutePath().normalize();
    return absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute;
  }

  @Override
  public Integer call() throws Exception {
    Example chosen = Example.byId(example);
    Path pipeline = shortest(chosen.pipelineFile());
    if (!chosen.generatesInput()) {
      int code = Main.execute("run", pipeline.toString(), "--profile", profile);
      if (code == Main.OK) {
        System.out.println();
        System.out.println("Open the report above in a browser, or query the lake:");
        System.out.println(
            "  ./sluice sql " + pipeline + " \"SELECT * FROM gold.recommended_names\"");
      }
      return code;
    }
    long count = rows == null ? chosen.defaultRows() : rows;
    Path input = Path.of(".sluice", "demo", chosen.id() + "-" + count + ".csv");
    if (!Files.exists(input)) {
      System.out.printf("Generating %,d rows of demo input at %s%n", count, input);
      chosen.generate(input, count, 42);
    }
    int code =
        Main.execute("run", pipeline.toString(), "--profile", profile, "--param", "input=" + input);
    if (code == Main.OK) {
      System.out.println();
      System.out.println("Query the lake, for example:");
      System.out.println(
          "  ./sluice sql "
              + pipeline
              + " \"SELECT * FROM gold.sightings_by_country ORDER BY sightings DESC\"");
      System.out.println("  ./sluice runs");
    }
    return code;
  }
}
