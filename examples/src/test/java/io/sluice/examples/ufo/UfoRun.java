package io.sluice.examples.ufo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cli.Main;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.TestingConsole;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs examples/ufo-sightings through the CLI with its lake, run store and outputs under one
 * folder.
 */
record UfoRun(TestingConsole.Captured<Integer> console, JsonNode summary) {
  static final Path PIPELINE = RepositoryFiles.resolve("examples/ufo-sightings/pipeline.yaml");

  /** The gold tables of the example, compared between runs. */
  static final java.util.List<String> GOLD =
      java.util.List.of(
          "gold.sightings_by_country",
          "gold.sightings_by_location",
          "gold.sightings_by_month",
          "gold.sightings_by_shape",
          "gold.duration_by_country",
          "gold.korea_sightings");

  static UfoRun of(Path work, Path csv, String summaryName) throws Exception {
    Path summaryFile = work.resolve(summaryName);
    TestingConsole.Captured<Integer> console =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "run",
                    PIPELINE.toString(),
                    "--param",
                    "input=" + csv,
                    "--param",
                    "out=" + work.resolve("out"),
                    "--lake",
                    work.resolve("lake").toString(),
                    "--run-store",
                    "jdbc:h2:file:" + work.resolve("runs"),
                    "--summary-json",
                    summaryFile.toString()));
    assertThat(console.result()).as(console.out() + console.err()).isEqualTo(Main.OK);
    return new UfoRun(console, read(summaryFile));
  }

  private static JsonNode read(Path file) throws IOException {
    return new ObjectMapper().readTree(file.toFile());
  }

  /** The summary of the step {@code name}. */
  JsonNode step(String name) {
    for (JsonNode step : summary.get("steps")) {
      if (step.get("name").asText().equals(name)) {
        return step;
      }
    }
    throw new AssertionError("no step " + name + " in " + summary);
  }
}
