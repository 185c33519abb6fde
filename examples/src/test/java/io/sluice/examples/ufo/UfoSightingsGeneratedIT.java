package io.sluice.examples.ufo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cli.Main;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.TestingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo path: generated dirty data through the example pipeline, twice. Every row is accounted
 * for, bad latitudes are quarantined, and a re-run leaves the same tables (idempotent).
 */
class UfoSightingsGeneratedIT {
  @TempDir Path work;

  private JsonNode run(Path csv, String summary) throws Exception {
    Path pipeline = RepositoryFiles.resolve("examples/ufo-sightings/pipeline.yaml");
    TestingConsole.Captured<Integer> result =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "run",
                    pipeline.toString(),
                    "--param",
                    "input=" + csv,
                    "--param",
                    "out=" + work.resolve("out"),
                    "--lake",
                    work.resolve("lake").toString(),
                    "--run-store",
                    "jdbc:h2:file:" + work.resolve("runs"),
                    "--summary-json",
                    work.resolve(summary).toString()));
    assertThat(result.result()).as(result.out() + result.err()).isZero();
    return new ObjectMapper().readTree(work.resolve(summary).toFile());
  }

  private static JsonNode step(JsonNode summary, String name) {
    for (JsonNode step : summary.get("steps")) {
      if (step.get("name").asText().equals(name)) {
        return step;
      }
    }
    throw new AssertionError(name);
  }

  @Test
  void dirtyGeneratedDataIsAccountedForAndReRunsAreIdempotent() throws Exception {
    Path csv = work.resolve("ufo.csv");
    new UfoGenerator(42).write(csv, 30_000);
    JsonNode first = run(csv, "first.json");
    JsonNode silver = step(first, "silver.sightings");
    assertThat(step(first, "bronze.sightings").get("rows_out").asLong()).isEqualTo(30_000);
    assertThat(silver.get("rows_in").asLong()).isEqualTo(30_000);
    assertThat(silver.get("quarantined").asLong()).isPositive();
    assertThat(silver.get("checks").get("latitude_is_number").asLong())
        .isEqualTo(silver.get("quarantined").asLong());
    assertThat(silver.get("rows_out").asLong() + silver.get("quarantined").asLong())
        .isEqualTo(30_000);
    assertThat(silver.get("checks").get("sighted_at_parsed").asLong())
        .as("serial and 24:00 times parse")
        .isZero();

    JsonNode second = run(csv, "second.json");
    for (String name :
        new String[] {
          "bronze.sightings",
          "silver.sightings",
          "gold.sightings_by_country",
          "gold.sightings_by_month",
          "gold.duration_by_country",
          "gold.korea_sightings"
        }) {
      assertThat(step(second, name).get("rows_out"))
          .as(name)
          .isEqualTo(step(first, name).get("rows_out"));
      assertThat(step(second, name).get("quarantined"))
          .as(name)
          .isEqualTo(step(first, name).get("quarantined"));
    }
    TestingConsole.Captured<Integer> count =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "sql",
                    RepositoryFiles.resolve("examples/ufo-sightings/pipeline.yaml").toString(),
                    "--lake",
                    work.resolve("lake").toString(),
                    "SELECT (SELECT count(*) FROM silver.sightings), (SELECT count(*) FROM silver.sightings__quarantine)",
                    "-f",
                    "csv"));
    assertThat(count.out().lines().skip(1).findFirst().orElseThrow())
        .isEqualTo(silver.get("rows_out").asLong() + "," + silver.get("quarantined").asLong());
    try (var files = Files.list(work.resolve("out").resolve("sightings_by_country"))) {
      assertThat(files.anyMatch(p -> p.toString().endsWith(".csv"))).isTrue();
    }
  }
}
