package io.sluice.examples.ufo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.spec.EngineSettings;
import io.sluice.testing.SharedData;
import io.sluice.testing.TestingConsole;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs examples/ufo-sightings on the real 11,879-row NUFORC sample from ../shared/data and checks
 * every gold table against {@link UfoReference}, an independent plain-Java computation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UfoSightingsRealSampleIT {
  @TempDir static Path work;
  private UfoReference reference;
  private JsonNode summary;
  private SparkSession spark;
  private TestingConsole.Captured<Integer> run;

  @BeforeAll
  void runPipeline() throws Exception {
    Path csv = SharedData.require("ufo/chuber2_ufo_sample.csv");
    reference = new UfoReference(csv);
    UfoRun ufo = UfoRun.of(work, csv, "summary.json");
    run = ufo.console();
    summary = ufo.summary();
    spark =
        SparkSessions.create(
            "ufo-it",
            new EngineSettings(work.resolve("lake").toString(), "local[2]", Map.of(), "unused"));
  }

  @AfterAll
  void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private JsonNode step(String name) {
    for (JsonNode step : summary.get("steps")) {
      if (step.get("name").asText().equals(name)) {
        return step;
      }
    }
    throw new AssertionError("no step " + name + " in " + summary);
  }

  @Test
  void everyInputRowIsInSilverOrQuarantine() {
    assertThat(reference.input).isEqualTo(11_879);
    JsonNode bronze = step("bronze.sightings");
    assertThat(bronze.get("rows_in").asLong()).isEqualTo(11_879);
    assertThat(bronze.get("rows_out").asLong()).isEqualTo(11_879);
    JsonNode silver = step("silver.sightings");
    assertThat(silver.get("rows_in").asLong()).isEqualTo(11_879);
    assertThat(
            silver.get("rows_out").asLong()
                + silver.get("quarantined").asLong()
                + silver.get("dropped").asLong())
        .isEqualTo(11_879);
    assertThat(silver.get("rows_out").asLong()).isEqualTo(reference.silver.size());
    assertThat(silver.get("quarantined").asLong()).isEqualTo(reference.quarantined);
    assertThat(count("silver.sightings")).isEqualTo(reference.silver.size());
    assertThat(run.out()).contains("silver.sightings").contains("succeeded");
  }

  @Test
  void serialDatesAndTextDatesAreAllParsed() {
    long unparsed = reference.silver.stream().filter(s -> s.sightedAt() == null).count();
    assertThat(unparsed).isZero();
    assertThat(step("silver.sightings").get("checks").get("sighted_at_parsed").asLong()).isZero();
    Row serial =
        spark
            .sql(
                "SELECT CAST(sighted_at AS STRING) FROM silver.sightings WHERE datetime_text = '41560' LIMIT 1")
            .first();
    assertThat(serial.getString(0)).isEqualTo("2013-10-13 00:00:00");
  }

  @Test
  void goldByCountryMatches() {
    assertThat(
            rows(
                "SELECT country, sightings FROM gold.sightings_by_country",
                r -> r.get(0) + "|" + r.get(1)))
        .isEqualTo(reference.byCountry());
    assertThat(reference.byCountry()).contains("US|9625", "KR|3");
  }

  @Test
  void goldByLocationMatches() {
    assertThat(
            rows(
                "SELECT country, state, city, sightings FROM gold.sightings_by_location",
                r -> r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3)))
        .isEqualTo(reference.byLocation());
  }

  @Test
  void goldByMonthMatchesWithRank() {
    assertThat(
            rows(
                "SELECT country, city, month, sightings, rank FROM gold.sightings_by_month",
                r -> r.get(0) + "|" + r.get(1) + "|" + r.get(2) + "|" + r.get(3) + "|" + r.get(4)))
        .isEqualTo(reference.byMonth());
  }

  @Test
  void goldByShapeMatches() {
    assertThat(
            rows(
                "SELECT shape, sightings, share_pct FROM gold.sightings_by_shape",
                r ->
                    r.get(0)
                        + "|"
                        + r.get(1)
                        + "|"
                        + ((BigDecimal) r.get(2)).stripTrailingZeros().toPlainString()))
        .isEqualTo(reference.byShape());
    assertThat(reference.byShape()).anyMatch(row -> row.startsWith("light|2445|"));
    // the file has 284 rows with no shape and 809 whose witnesses said "unknown": two answers
    long notReported =
        spark
            .sql("SELECT count(*) FROM lake.silver.sightings WHERE shape IS NULL")
            .first()
            .getLong(0);
    long unknown =
        spark
            .sql("SELECT count(*) FROM lake.silver.sightings WHERE shape = 'unknown'")
            .first()
            .getLong(0);
    assertThat(notReported).isBetween(270L, 284L); // a few may be quarantined for coordinates
    assertThat(unknown).isBetween(790L, 809L);
    assertThat(reference.byShape())
        .anyMatch(row -> row.startsWith("not reported|" + notReported + "|"))
        .anyMatch(row -> row.startsWith("unknown|" + unknown + "|"));
  }

  @Test
  void goldDurationIsNumeric() {
    assertThat(
            rows(
                "SELECT country, longest_seconds, total_seconds, total_duration, rank FROM gold.duration_by_country",
                r ->
                    r.get(0)
                        + "|"
                        + UfoReference.format(r.getDouble(1))
                        + "|"
                        + UfoReference.format(r.getDouble(2))
                        + "|"
                        + r.get(3)
                        + "|"
                        + r.get(4)))
        .isEqualTo(reference.durationByCountry());
  }

  @Test
  void goldKoreaMatches() {
    List<String> korea =
        rows("SELECT city, shape FROM gold.korea_sightings", r -> r.get(0) + "|" + r.get(1));
    assertThat(korea).isEqualTo(reference.korea()).hasSize(3);
  }

  @Test
  void exportWrittenAsCsv() throws Exception {
    Path folder = work.resolve("out").resolve("sightings_by_country");
    try (var files = Files.list(folder)) {
      Path csv =
          files.filter(p -> p.getFileName().toString().endsWith(".csv")).findFirst().orElseThrow();
      List<String> lines = Files.readAllLines(csv);
      assertThat(lines.get(0)).isEqualTo("country,sightings");
      assertThat(lines).hasSize(reference.byCountry().size() + 1).contains("US,9625");
    }
  }

  private long count(String table) {
    return spark.table(table).count();
  }

  private List<String> rows(String sql, Function<Row, String> format) {
    List<String> result = new ArrayList<>();
    for (Row row : spark.sql(sql).collectAsList()) {
      result.add(format.apply(row));
    }
    result.sort(null);
    return result;
  }
}
