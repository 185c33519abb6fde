package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.spark.EmbeddedLake;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingPostgres;
import io.sluice.testing.TestingRestCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's catalog: the same pipeline with its tables in Iceberg's JDBC catalog on a real
 * PostgreSQL (a given database, and the embedded one Sluice starts) or behind Iceberg's REST
 * catalog server (a child process) gives the same tables as in the lake's folders (Hadoop's
 * catalog), and the catalog, not the folders, lists them.
 */
class CatalogsIT {
  @TempDir Path dir;

  @AfterEach
  void stopEmbeddedServices() {
    EmbeddedLake.stop();
    System.clearProperty(EmbeddedLake.DIRECTORY_PROPERTY);
  }

  private Path pipeline(String name, String catalog) throws Exception {
    Path input = dir.resolve("people.csv");
    StringBuilder csv = new StringBuilder("name,age,city\n");
    String[] cities = {"london", "seoul", "busan", "portland"};
    for (int i = 0; i < 500; i++) {
      csv.append("p").append(i).append(',').append(i % 90).append(',');
      csv.append(cities[i % cities.length]).append('\n');
    }
    csv.append("broken,x,nowhere\n"); // quarantined: a table of its own in the catalog
    Files.writeString(input, csv);
    Path file = dir.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        pipeline: catalogs
        lake: LAKE
        run_store: jdbc:h2:file:STORE
        CATALOG
        sources:
          people_csv:
            type: file
            path: INPUT
            columns: { name: string, age: int, city: string }
            bad_records: quarantine
        datasets:
          bronze.people: { from: people_csv }
          silver.adults: { sql: "SELECT name, age, city FROM bronze.people WHERE age >= 18" }
          gold.by_city: { sql: "SELECT city, count(*) AS people, sum(age) AS ages FROM silver.adults GROUP BY city" }
        """
            .replace("LAKE", dir.resolve(name + "-lake").toString())
            .replace("STORE", dir.resolve(name + "-runs").toString())
            .replace("INPUT", input.toString())
            .replace("CATALOG", catalog));
    return file;
  }

  private static void run(Path pipeline) throws Exception {
    TestingConsole.Captured<Integer> run =
        TestingConsole.capture(() -> Main.execute("run", pipeline.toString()));
    assertThat(run.result()).as(run.out() + run.err()).isZero();
  }

  private static String sql(Path pipeline, String query) throws Exception {
    TestingConsole.Captured<Integer> result =
        TestingConsole.capture(() -> Main.execute("sql", pipeline.toString(), query, "-f", "csv"));
    assertThat(result.result()).as(result.err()).isZero();
    return result.out();
  }

  private static List<String> catalogTables(String jdbcUrl) throws Exception {
    List<String> tables = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(jdbcUrl);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT table_namespace, table_name FROM iceberg_tables ORDER BY 1, 2")) {
      while (rows.next()) {
        tables.add(rows.getString(1) + "." + rows.getString(2));
      }
    }
    return tables;
  }

  private static long versionHints(Path lake) throws Exception {
    try (Stream<Path> files = Files.walk(lake)) {
      return files.filter(f -> f.getFileName().toString().equals("version-hint.text")).count();
    }
  }

  private static final String GOLD = "SELECT city, people, ages FROM gold.by_city ORDER BY city";

  @Test
  void aJdbcCatalogOnPostgresHoldsTheSameTablesAsTheLakeFolders() throws Exception {
    Path folders = pipeline("hadoop", "");
    run(folders);
    String database = TestingPostgres.newDatabase("catalog");
    Path jdbc = pipeline("jdbc", "catalog: jdbc\ncatalog_uri: " + database);
    run(jdbc);

    String expected = sql(folders, GOLD);
    assertThat(expected.lines().count()).isEqualTo(5); // header and 4 cities
    assertThat(sql(jdbc, GOLD)).isEqualTo(expected);
    assertThat(sql(jdbc, "SELECT count(*) AS n FROM silver.adults"))
        .isEqualTo(sql(folders, "SELECT count(*) AS n FROM silver.adults"));
    assertThat(catalogTables(database))
        .containsExactly(
            "bronze.people", "bronze.people__quarantine", "gold.by_city", "silver.adults");
    // the folders' catalog marks each table's current metadata; the JDBC catalog keeps it itself
    assertThat(versionHints(dir.resolve("hadoop-lake"))).isEqualTo(4);
    assertThat(versionHints(dir.resolve("jdbc-lake"))).isZero();

    // a second run commits new snapshots through the catalog (its optimistic swap in PostgreSQL)
    run(jdbc);
    assertThat(sql(jdbc, GOLD)).isEqualTo(expected);
    assertThat(sql(jdbc, "SELECT count(*) AS s FROM silver.adults.snapshots")).isEqualTo("s\n2\n");
  }

  @Test
  void aRestCatalogServerKeepsTheTablesOfTheSamePipeline() throws Exception {
    Path folders = pipeline("hadoop", "");
    run(folders);
    try (TestingRestCatalog server =
        TestingRestCatalog.start(
            dir.resolve("rest-server"), dir.resolve("rest-lake").toUri().toString())) {
      Path rest = pipeline("rest", "catalog: rest\ncatalog_uri: " + server.uri());
      run(rest);
      assertThat(sql(rest, GOLD)).isEqualTo(sql(folders, GOLD));
      // the server, not the folders, knows the tables: asked over its own protocol
      HttpClient http = HttpClient.newHttpClient();
      String gold =
          http.send(
                  HttpRequest.newBuilder(URI.create(server.uri() + "/v1/namespaces/gold/tables"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(gold).contains("\"name\":\"by_city\"");
      assertThat(versionHints(dir.resolve("rest-lake"))).isZero();
      // a second run commits through the server
      run(rest);
      assertThat(sql(rest, "SELECT count(*) AS s FROM silver.adults.snapshots"))
          .isEqualTo("s\n2\n");
    }
  }

  @Test
  void anEmbeddedJdbcCatalogRunsOnAPostgresSluiceStarts() throws Exception {
    Path services = dir.resolve("services");
    System.setProperty(EmbeddedLake.DIRECTORY_PROPERTY, services.toString());
    Path jdbc = pipeline("embedded", "catalog: jdbc");
    run(jdbc);
    assertThat(sql(jdbc, "SELECT count(*) AS n FROM bronze.people")).isEqualTo("n\n500\n");

    Path portFile = services.resolve("catalog").resolve("catalog.port");
    assertThat(portFile).exists();
    String url =
        "jdbc:postgresql://127.0.0.1:"
            + Files.readString(portFile).trim()
            + "/iceberg_catalog?user=postgres";
    assertThat(catalogTables(url))
        .containsExactly(
            "bronze.people", "bronze.people__quarantine", "gold.by_city", "silver.adults");
  }
}
