package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingPostgres;
import io.sluice.testing.TestingS3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lake on S3: the same pipeline file with a profile that puts the lake in a bucket of a real S3
 * API server (s3proxy, a child process) through Hadoop's s3a, its tables in a JDBC catalog on
 * PostgreSQL, gives the same tables as on the local lake, and its files are objects in the bucket.
 */
class S3LakeIT {
  @TempDir Path dir;

  private static final String GOLD = "SELECT city, people, ages FROM gold.by_city ORDER BY city";

  private static void run(Path pipeline, String... extra) throws Exception {
    String[] args =
        Stream.concat(Stream.of("run", pipeline.toString()), Stream.of(extra))
            .toArray(String[]::new);
    TestingConsole.Captured<Integer> run = TestingConsole.capture(() -> Main.execute(args));
    assertThat(run.result()).as(run.out() + run.err()).isZero();
  }

  private static String sql(Path pipeline, String query, String... extra) throws Exception {
    String[] args =
        Stream.concat(Stream.of("sql", pipeline.toString(), query, "-f", "csv"), Stream.of(extra))
            .toArray(String[]::new);
    TestingConsole.Captured<Integer> result = TestingConsole.capture(() -> Main.execute(args));
    assertThat(result.result()).as(result.err()).isZero();
    return result.out();
  }

  @Test
  void theSamePipelineOnAnS3LakeGivesTheSameTables() throws Exception {
    Path input = dir.resolve("people.csv");
    StringBuilder csv = new StringBuilder("name,age,city\n");
    String[] cities = {"london", "seoul", "busan", "portland"};
    for (int i = 0; i < 2_000; i++) {
      csv.append("p").append(i).append(',').append(i % 90).append(',');
      csv.append(cities[i % cities.length]).append('\n');
    }
    Files.writeString(input, csv);
    try (TestingS3 s3 = TestingS3.start(dir.resolve("s3"), "lake")) {
      String conf =
          s3.s3aSparkConf(dir).entrySet().stream()
              .map(e -> "          " + e.getKey() + ": \"" + e.getValue() + "\"")
              .collect(Collectors.joining("\n"));
      Path pipeline = dir.resolve("pipeline.yaml");
      Files.writeString(
          pipeline,
          """
          pipeline: s3-lake
          lake: LOCAL
          run_store: jdbc:h2:file:STORE
          profiles:
            s3:
              lake: s3a://lake/warehouse
              catalog: jdbc
              catalog_uri: CATALOG
              spark:
                conf:
          CONF
          sources:
            people_csv:
              type: file
              path: INPUT
              columns: { name: string, age: int, city: string }
          datasets:
            bronze.people: { from: people_csv }
            silver.adults: { sql: "SELECT name, age, city FROM bronze.people WHERE age >= 18" }
            gold.by_city: { sql: "SELECT city, count(*) AS people, sum(age) AS ages FROM silver.adults GROUP BY city" }
          """
              .replace("LOCAL", dir.resolve("local-lake").toString())
              .replace("STORE", dir.resolve("runs").toString())
              .replace("CATALOG", TestingPostgres.newDatabase("s3lake"))
              .replace("INPUT", input.toString())
              .replace("CONF", conf));
      run(pipeline);
      run(pipeline, "--profile", "s3");

      String local = sql(pipeline, GOLD);
      assertThat(local.lines().count()).isEqualTo(5);
      assertThat(sql(pipeline, GOLD, "--profile", "s3")).isEqualTo(local);
      // the tables are objects in the bucket: metadata and parquet data of each
      Map<String, Long> objects;
      try (Stream<Path> files = Files.walk(s3.bucketFolder("lake"))) {
        objects =
            files
                .filter(Files::isRegularFile)
                .map(f -> f.getFileName().toString())
                .collect(
                    Collectors.groupingBy(
                        name ->
                            name.endsWith(".parquet")
                                ? "parquet"
                                : name.endsWith(".metadata.json") ? "metadata" : "other",
                        Collectors.counting()));
      }
      assertThat(objects.get("parquet")).as(objects.toString()).isGreaterThanOrEqualTo(3L);
      assertThat(objects.get("metadata")).as(objects.toString()).isGreaterThanOrEqualTo(3L);
    }
  }
}
