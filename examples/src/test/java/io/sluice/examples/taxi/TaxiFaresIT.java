package io.sluice.examples.taxi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cli.Main;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.ModelVersion;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.TestingConsole;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/taxi-fares end to end on generated trips: every rejected row quarantined under the
 * seed's rule it broke, silver partitioned by day (a day's query plans one file), two models
 * trained, registered and the better one promoted, predictions and their daily error; then a daily
 * run that replaces only its day's partition, twice with the same result.
 */
class TaxiFaresIT {
  static final Path PIPELINE = RepositoryFiles.resolve("examples/taxi-fares/pipeline.yaml");
  static final int HISTORY = 20_000;

  @TempDir Path work;

  private List<String> common() {
    return List.of(
        "--param",
        "data=" + work.resolve("data"),
        "--param",
        "history_rows=" + HISTORY,
        "--param",
        "day_rows=2000",
        "--param",
        "gbt_iterations=8",
        "--lake",
        work.resolve("lake").toString(),
        "--run-store",
        "jdbc:h2:file:" + work.resolve("runs"));
  }

  private JsonNode run(String summaryName, String... extra) throws Exception {
    Path summary = work.resolve(summaryName);
    List<String> args = new ArrayList<>(List.of("run", PIPELINE.toString()));
    args.addAll(common());
    args.addAll(List.of(extra));
    args.addAll(List.of("--summary-json", summary.toString()));
    TestingConsole.Captured<Integer> console =
        TestingConsole.capture(() -> Main.execute(args.toArray(String[]::new)));
    assertThat(console.result()).as(console.out() + console.err()).isEqualTo(Main.OK);
    return new ObjectMapper().readTree(summary.toFile());
  }

  private static JsonNode step(JsonNode summary, String name) {
    for (JsonNode step : summary.get("steps")) {
      if (step.get("name").asText().equals(name)) {
        return step;
      }
    }
    throw new AssertionError("no step " + name + " in " + summary);
  }

  private List<String> lake(String sql) throws Exception {
    return io.sluice.examples.LakeSql.csv(PIPELINE, work.resolve("lake"), sql);
  }

  @Test
  void loadsCleansTrainsPredictsAndLoadsADay() throws Exception {
    JsonNode first = run("first.json");
    assertThat(step(first, "bronze.trips").get("rows_out").asLong()).isEqualTo(HISTORY);
    JsonNode silver = step(first, "silver.trips");
    assertThat(silver.get("rows_in").asLong()).isEqualTo(HISTORY);
    assertThat(silver.get("rows_out").asLong() + silver.get("quarantined").asLong())
        .isEqualTo(HISTORY);
    // the rules' failures, counted here from the file itself
    List<String[]> rows = new ArrayList<>();
    for (String line :
        Files.readAllLines(work.resolve("data/history.csv"), StandardCharsets.UTF_8)
            .subList(1, HISTORY + 1)) {
      rows.add(line.split(",", -1));
    }
    JsonNode checks = silver.get("checks");
    assertThat(checks.get("fare_not_negative").asLong())
        .isEqualTo(rows.stream().filter(r -> Double.parseDouble(r[1]) < 0).count())
        .isPositive();
    assertThat(checks.get("has_passengers").asLong())
        .isEqualTo(rows.stream().filter(r -> r[7].equals("0")).count())
        .isPositive();
    assertThat(checks.get("pickup_in_new_york").asLong())
        .isGreaterThanOrEqualTo(
            rows.stream().filter(r -> r[3].equals("0") && r[4].equals("0")).count());
    assertThat(checks.get("moved_at_least_0_05_miles").asLong()).isPositive();
    assertThat(
            lake(
                "SELECT count(*) FROM silver.trips__quarantine"
                    + " WHERE array_contains(_reasons, 'fare_not_negative')"))
        .containsExactly(checks.get("fare_not_negative").asText());

    // one partition per pickup day; a day's scan plans that day's file alone
    Table trips =
        new HadoopCatalog(new Configuration(), work.resolve("lake").toUri().toString())
            .loadTable(TableIdentifier.of("silver", "trips"));
    int days = Integer.parseInt(lake("SELECT count(DISTINCT pickup_day) FROM silver.trips").get(0));
    assertThat(days).isGreaterThan(2000);
    assertThat(count(trips.newScan().planFiles())).isEqualTo(days);
    assertThat(
            count(
                trips
                    .newScan()
                    .filter(
                        Expressions.and(
                            Expressions.greaterThanOrEqual(
                                "pickup_at", "2014-05-01T00:00:00+00:00"),
                            Expressions.lessThan("pickup_at", "2014-05-02T00:00:00+00:00")))
                    .planFiles()))
        .isEqualTo(1);

    // two models, the better one the champion, its predictions and their daily error
    assertThat(step(first, "ml.fare_models").get("rows_out").asLong()).isEqualTo(2);
    ModelVersion champion;
    try (JdbcRunStore store = JdbcRunStore.open("jdbc:h2:file:" + work.resolve("runs"))) {
      List<ModelVersion> versions = store.models().versions("taxi-fare");
      assertThat(versions).hasSize(2);
      champion = store.models().alias("taxi-fare", "champion").orElseThrow();
      double best =
          versions.stream()
              .mapToDouble(v -> v.training().metrics().get("rmse"))
              .min()
              .orElseThrow();
      assertThat(champion.training().metrics().get("rmse")).isEqualTo(best);
      assertThat(champion.training().metrics().get("r2")).isGreaterThan(0.8);
      assertThat(champion.training().snapshots()).containsOnlyKeys("silver.trips");
    }
    assertThat(lake("SELECT DISTINCT model_version FROM gold.fare_predictions"))
        .containsExactly(Integer.toString(champion.version()));
    assertThat(lake("SELECT count(*) FROM gold.daily_error")).containsExactly("30");

    // the registry from the command line: the worse version is refused as champion
    int other = champion.version() == 1 ? 2 : 1;
    TestingConsole.Captured<Integer> refused =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "models",
                    "promote",
                    "taxi-fare",
                    Integer.toString(other),
                    "--store",
                    "jdbc:h2:file:" + work.resolve("runs")));
    assertThat(refused.result()).isEqualTo(Main.USAGE);
    assertThat(refused.err())
        .contains("Cannot promote taxi-fare v" + other + " to champion: its test rmse")
        .doesNotContain("Exception");

    // a daily run: the day's file arrives, its partition is added, predicted and scored
    long before = Long.parseLong(lake("SELECT count(*) FROM silver.trips").get(0));
    JsonNode day = run("day.json", "--profile", "daily", "--date", "2015-07-01");
    long dayRows = step(day, "silver.trips").get("rows_out").asLong();
    assertThat(step(day, "silver.trips").get("rows_in").asLong()).isEqualTo(2000);
    assertThat(lake("SELECT count(*) FROM silver.trips"))
        .containsExactly(Long.toString(before + dayRows));
    assertThat(
            lake("SELECT count(*) FROM gold.fare_predictions WHERE pickup_day = DATE'2015-07-01'"))
        .containsExactly(Long.toString(dayRows));
    assertThat(lake("SELECT count(*) FROM gold.daily_error WHERE pickup_day = DATE'2015-07-01'"))
        .containsExactly("1");
    // the same day again replaces its partition: nothing doubles
    JsonNode again = run("again.json", "--profile", "daily", "--date", "2015-07-01");
    assertThat(step(again, "bronze.trips").get("rows_out").asLong()).isEqualTo(2000);
    assertThat(lake("SELECT count(*) FROM silver.trips"))
        .containsExactly(Long.toString(before + dayRows));
    assertThat(lake("SELECT count(*) FROM bronze.trips"))
        .containsExactly(Long.toString(HISTORY + 2000));

    io.sluice.examples.ConsoleShots.take(
        PIPELINE,
        new io.sluice.spec.LoadRequest(
            "local", Map.of("data", work.resolve("data").toString()), System::getenv),
        work.resolve("lake").toString(),
        "jdbc:h2:file:" + work.resolve("runs"),
        List.of(
            io.sluice.examples.ConsoleShots.Shot.of(
                "/experiments", "taxi-fares-experiments.png", "table.experiment td .bar", 10),
            io.sluice.examples.ConsoleShots.Shot.of(
                "/pipelines/taxi-fares/dashboards/fares",
                "taxi-fares-dashboard.png",
                "[data-drawn]",
                2)));
  }

  private static long count(CloseableIterable<FileScanTask> tasks) throws Exception {
    try (tasks) {
      long n = 0;
      for (FileScanTask ignored : tasks) {
        n++;
      }
      return n;
    }
  }
}
