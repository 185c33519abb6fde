package io.sluice.examples.ufo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

  @Test
  void dirtyGeneratedDataIsAccountedForAndReRunsAreIdempotent() throws Exception {
    Path csv = work.resolve("ufo.csv");
    new UfoGenerator(42).write(csv, 30_000);
    UfoRun firstRun = UfoRun.of(work, csv, "first.json");
    JsonNode silver = firstRun.step("silver.sightings");
    assertThat(firstRun.step("bronze.sightings").get("rows_out").asLong()).isEqualTo(30_000);
    assertThat(silver.get("rows_in").asLong()).isEqualTo(30_000);
    assertThat(silver.get("quarantined").asLong()).isPositive();
    assertThat(silver.get("checks").get("latitude_is_number").asLong())
        .isEqualTo(silver.get("quarantined").asLong());
    assertThat(silver.get("rows_out").asLong() + silver.get("quarantined").asLong())
        .isEqualTo(30_000);
    assertThat(silver.get("checks").get("sighted_at_parsed").asLong())
        .as("serial and 24:00 times parse")
        .isZero();

    UfoRun secondRun = UfoRun.of(work, csv, "second.json");
    for (String name :
        new String[] {
          "bronze.sightings",
          "silver.sightings",
          "gold.sightings_by_country",
          "gold.sightings_by_month",
          "gold.duration_by_country",
          "gold.korea_sightings"
        }) {
      assertThat(secondRun.step(name).get("rows_out"))
          .as(name)
          .isEqualTo(firstRun.step(name).get("rows_out"));
      assertThat(secondRun.step(name).get("quarantined"))
          .as(name)
          .isEqualTo(firstRun.step(name).get("quarantined"));
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
