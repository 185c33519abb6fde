package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingConsole.Captured;
import io.sluice.testing.TestingWebhook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The commands as a user types them: plan, run, sql, runs, exit codes, --only, --summary-json. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
  @TempDir static Path dir;
  private Path pipeline;
  private Path input;

  @BeforeAll
  void write() throws Exception {
    input = dir.resolve("people.csv");
    Files.writeString(
        input,
        "name,age , city\nada,36,london\nalan,41,wilmslow\ngrace,x,new york\nlinus,54,portland\n");
    pipeline = dir.resolve("pipeline.yaml");
    Files.writeString(
        pipeline,
        """
        pipeline: people
        parameters:
          input: people.csv
          min_age: "40"
        lake: LAKE
        run_store: jdbc:h2:file:STORE
        sources:
          people_csv:
            type: file
            path: ${input}
            columns: { name: string, age: int, city: string }
            bad_records: quarantine
        datasets:
          bronze.people: { from: people_csv }
          silver.older:
            sql: SELECT name, age, city FROM bronze.people WHERE age >= ${min_age}
            expect:
              - { name: not_portland, check: "city <> 'portland'", on_fail: quarantine }
          gold.by_city:
            sql: SELECT city, count(*) AS people FROM silver.older GROUP BY city
        sinks:
          cities:
            type: file
            from: gold.by_city
            format: json
            path: OUT
        """
            .replace("LAKE", dir.resolve("lake").toString())
            .replace("STORE", dir.resolve("runs").toString())
            .replace("OUT", dir.resolve("out").toString()));
  }

  private static Captured<Integer> sluice(String... args) throws Exception {
    return TestingConsole.capture(() -> Main.execute(args));
  }

  private String[] withInput(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--param");
    all.add("input=" + input);
    return all.toArray(String[]::new);
  }

  @Test
  void validateWithSchemasNamesAChartColumnTheQueryDoesNotReturn() throws Exception {
    Path withChart = dir.resolve("charted.yaml");
    Files.writeString(
        withChart,
        Files.readString(pipeline)
            + """
            dashboards:
              cities:
                charts:
                  - { name: per_city, type: bar, sql: "SELECT city, people FROM gold.by_city", x: city, y: [peple] }
            """);

    Captured<Integer> light = sluice(withInput("validate", withChart.toString()));
    assertThat(light.result()).as(light.err()).isZero(); // columns need the analyzer

    Captured<Integer> deep = sluice(withInput("validate", "--schemas", withChart.toString()));
    assertThat(deep.result()).isEqualTo(2);
    assertThat(deep.err())
        .contains(withChart + ":30:")
        .contains(
            "error[E105]: chart 'per_city' of dashboard 'cities' draws column 'peple', which its"
                + " query does not return; it returns [city, people]")
        .doesNotContain("\tat ");
  }

  @Test
  void planShowsOrderSchemasChecksAndSinks() throws Exception {
    Path freshLake = dir.resolve("plan-lake");
    Captured<Integer> plan =
        sluice(withInput("plan", pipeline.toString(), "--lake", freshLake.toString()));
    assertThat(plan.result()).as(plan.err()).isZero();
    assertThat(plan.out())
        .contains("Pipeline people (profile local)")
        .contains("  1. bronze.people <- source people_csv (file)  [mode overwrite]")
        .contains(
            "schema: name string, age int, city string, _ingested_at timestamp, _run_id string, _source_file string")
        .contains("  2. silver.older <- sql over bronze.people  [mode overwrite]")
        .contains("check not_portland: city <> 'portland' (on_fail: quarantine)")
        .contains("delivery: exactly-once (one atomic Iceberg commit; a re-run replaces the table)")
        .contains("  3. gold.by_city <- sql over silver.older")
        .contains("schema: city string, people bigint")
        .contains(
            "cities <- gold.by_city -> json files at " + dir.resolve("out") + "  [mode overwrite]")
        .contains(
            "delivery: at-least-once (overwrite replaces the folder, but not atomically: a failed"
                + " write can leave part of it)");
    assertThat(Files.exists(freshLake)).as("plan writes nothing to the lake").isFalse();
  }

  @Test
  void runSqlAndRunsWorkTogether() throws Exception {
    Path summary = dir.resolve("summary.json");
    Captured<Integer> run =
        sluice(withInput("run", pipeline.toString(), "--summary-json", summary.toString()));
    assertThat(run.result()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .containsPattern("bronze.people\\s+4 in\\s+3 out\\s+1 quarantined\\s+0 dropped .* ok")
        .containsPattern("silver.older\\s+2 in\\s+1 out\\s+1 quarantined\\s+0 dropped .* ok")
        .contains("succeeded");
    JsonNode json = new ObjectMapper().readTree(summary.toFile());
    assertThat(json.get("status").asText()).isEqualTo("succeeded");
    assertThat(json.get("steps")).hasSize(4);
    assertThat(json.get("steps").get(1).get("checks").get("not_portland").asLong()).isEqualTo(1);

    Captured<Integer> csv =
        sluice(
            withInput(
                "sql",
                pipeline.toString(),
                "SELECT name, age FROM silver.older",
                "--format",
                "csv"));
    assertThat(csv.out()).isEqualTo("name,age\nalan,41\n");
    Captured<Integer> table =
        sluice(
            withInput(
                "sql", pipeline.toString(), "SELECT _reasons FROM bronze.people__quarantine"));
    assertThat(table.out()).contains("[column age: 'x' is not of type int]").contains("(1 rows)");
    Captured<Integer> json2 =
        sluice(withInput("sql", pipeline.toString(), "SELECT * FROM gold.by_city", "-f", "json"));
    assertThat(json2.out().strip()).isEqualTo("{\"city\":\"wilmslow\",\"people\":1}");

    Captured<Integer> runs = sluice("runs", pipeline.toString());
    assertThat(runs.out())
        .contains(json.get("run_id").asText())
        .contains("people")
        .contains("SUCCEEDED");
    Captured<Integer> steps =
        sluice(
            "runs",
            "--store",
            "jdbc:h2:file:" + dir.resolve("runs"),
            "--run",
            json.get("run_id").asText());
    assertThat(steps.out())
        .containsPattern("silver.older\\s+dataset\\s+SUCCEEDED\\s+2\\s+1\\s+1\\s+0")
        .containsPattern("silver.older\\s+not_portland\\s+quarantine\\s+1");
  }

  @Test
  void aRunPushesItsMetricsToThePushgateway() throws Exception {
    try (TestingWebhook gateway = TestingWebhook.start().receive("/")) {
      Path pushing = dir.resolve("pushing.yaml");
      Files.writeString(
          pushing,
          Files.readString(pipeline)
              + "metrics: { pushgateway: '"
              + gateway.url("")
              + "', job: etl }\n");
      Captured<Integer> run =
          sluice(
              withInput(
                  "run", pushing.toString(), "--lake", dir.resolve("pushed-lake").toString()));
      assertThat(run.result()).as(run.out() + run.err()).isZero();
      List<TestingWebhook.Request> puts = gateway.requests("/");
      assertThat(puts).hasSize(1); // a batch run pushes once, when it ends
      assertThat(puts.get(0).method() + " " + puts.get(0).path())
          .isEqualTo("PUT /metrics/job/etl/pipeline/people");
      assertThat(puts.get(0).body())
          .contains("sluice_runs_total{pipeline=\"people\",status=\"succeeded\"} 1.0")
          // 4 lines, one of them not an int: quarantined by the file source
          .contains("sluice_step_rows_in_total{pipeline=\"people\",step=\"bronze.people\"} 4.0")
          .contains(
              "sluice_step_rows_quarantined_total{pipeline=\"people\",step=\"bronze.people\"} 1.0")
          .contains(
              "sluice_steps_total{kind=\"dataset\",pipeline=\"people\",status=\"succeeded\","
                  + "step=\"gold.by_city\"} 1.0");
      // a Pushgateway that is down is a warning, not a failed run
      gateway.stop();
      Captured<Integer> down =
          sluice(
              withInput(
                  "run", pushing.toString(), "--lake", dir.resolve("pushed-lake").toString()));
      assertThat(down.result()).as(down.out() + down.err()).isZero();
      assertThat(down.out()).contains("Cannot push the run's metrics");
    }
  }

  @Test
  void aRunSendsOpenLineageEventsThatOpenLineagesOwnClientReads() throws Exception {
    Path events = dir.resolve("lineage").resolve("events.jsonl");
    Path lineaged = dir.resolve("lineaged.yaml");
    Files.writeString(
        lineaged,
        Files.readString(pipeline)
            + "lineage: { transport: file, path: '"
            + events
            + "', namespace: people-team }\n");
    Captured<Integer> run =
        sluice(
            withInput(
                "run", lineaged.toString(), "--lake", dir.resolve("lineage-lake").toString()));
    assertThat(run.result()).as(run.out() + run.err()).isZero();
    List<io.openlineage.client.OpenLineage.RunEvent> read = new ArrayList<>();
    for (String line : Files.readAllLines(events)) {
      read.add(io.openlineage.client.OpenLineageClientUtils.runEventFromJson(line));
    }
    List<String> seen =
        read.stream().map(e -> e.getEventType() + " " + e.getJob().getName()).toList();
    assertThat(seen)
        .startsWith("START people")
        .endsWith("COMPLETE people")
        .contains(
            "START people.bronze.people",
            "COMPLETE people.bronze.people",
            "COMPLETE people.silver.older",
            "COMPLETE people.gold.by_city",
            "COMPLETE people.cities");
    assertThat(read).allMatch(e -> e.getJob().getNamespace().equals("people-team"));
    java.util.UUID pipelineRun = read.get(0).getRun().getRunId();
    io.openlineage.client.OpenLineage.RunEvent bronze =
        read.stream()
            .filter(
                e ->
                    e.getJob().getName().equals("people.bronze.people")
                        && e.getEventType().toString().equals("COMPLETE"))
            .findFirst()
            .orElseThrow();
    assertThat(bronze.getRun().getFacets().getParent().getRun().getRunId()).isEqualTo(pipelineRun);
    // the source as input, its declared columns as the schema; 4 lines in, 1 quarantined
    io.openlineage.client.OpenLineage.InputDataset source = bronze.getInputs().get(0);
    assertThat(source.getNamespace()).isEqualTo("file");
    assertThat(source.getName()).isEqualTo(input.toString());
    assertThat(source.getFacets().getSchema().getFields())
        .extracting(f -> f.getName() + ":" + f.getType())
        .containsExactly("name:string", "age:int", "city:string");
    assertThat(bronze.getOutputs().get(0).getName()).isEqualTo("bronze.people");
    assertThat(bronze.getOutputs().get(0).getOutputFacets().getOutputStatistics().getRowCount())
        .isEqualTo(3);
    io.openlineage.client.OpenLineage.RunEvent silver =
        read.stream()
            .filter(
                e ->
                    e.getJob().getName().equals("people.silver.older")
                        && e.getOutputs() != null
                        && !e.getOutputs().isEmpty()
                        && e.getEventType().toString().equals("COMPLETE"))
            .findFirst()
            .orElseThrow();
    assertThat(silver.getInputs()).extracting(i -> i.getName()).containsExactly("bronze.people");
    // a SQL dataset's columns as the engine wrote them: its output's schema, and the schema of
    // its input, written by bronze earlier in the run (with bronze's added columns)
    assertThat(silver.getOutputs().get(0).getFacets().getSchema().getFields())
        .extracting(f -> f.getName() + ":" + f.getType())
        .containsExactly("name:string", "age:int", "city:string");
    assertThat(silver.getInputs().get(0).getFacets().getSchema().getFields())
        .extracting(f -> f.getName() + ":" + f.getType())
        .startsWith("name:string", "age:int", "city:string")
        .contains("_run_id:string");
    io.openlineage.client.OpenLineage.RunEvent cities =
        read.stream()
            .filter(
                e ->
                    e.getJob().getName().equals("people.cities")
                        && e.getEventType().toString().equals("COMPLETE"))
            .findFirst()
            .orElseThrow();
    // a sink's target has the columns it was sent
    assertThat(cities.getOutputs().get(0).getFacets().getSchema().getFields())
        .extracting(f -> f.getName() + ":" + f.getType())
        .containsExactly("city:string", "people:bigint");

    // over http, as to Marquez: every event POSTed as JSON with the bearer key
    try (TestingWebhook marquez = TestingWebhook.start().receive("/")) {
      Path overHttp = dir.resolve("lineage-http.yaml");
      Files.writeString(
          overHttp,
          Files.readString(pipeline)
              + "lineage: { transport: http, url: '"
              + marquez.url("")
              + "', api_key: lineage-key-123 }\n");
      Captured<Integer> http =
          sluice(
              withInput(
                  "run", overHttp.toString(), "--lake", dir.resolve("lineage-lake").toString()));
      assertThat(http.result()).as(http.out() + http.err()).isZero();
      List<TestingWebhook.Request> posts = marquez.requests("/");
      assertThat(posts).hasSize(read.size());
      assertThat(posts)
          .allMatch(
              p ->
                  (p.method() + " " + p.path() + " " + p.header("Authorization"))
                          .equals("POST /api/v1/lineage Bearer lineage-key-123")
                      && p.header("Content-Type").equals("application/json")
                      && p.body().startsWith("{"));
      assertThat(http.out() + http.err()).doesNotContain("lineage-key-123");
    }
  }

  @Test
  void onlyRunsOneDataset() throws Exception {
    Captured<Integer> run =
        sluice(withInput("run", pipeline.toString(), "--only", "bronze.people"));
    assertThat(run.result()).isZero();
    assertThat(run.out())
        .contains("bronze.people")
        .doesNotContain("silver.older")
        .doesNotContain("cities");
    Captured<Integer> unknown =
        sluice(withInput("run", pipeline.toString(), "--only", "gold.nope"));
    assertThat(unknown.result()).isEqualTo(Main.USAGE);
    assertThat(unknown.err()).contains("Cannot run only dataset 'gold.nope'");
  }

  @Test
  void aFailedRunExitsWithOneAndAUsageErrorWithTwo() throws Exception {
    Captured<Integer> missing =
        sluice("run", pipeline.toString(), "--param", "input=" + dir.resolve("nope.csv"));
    assertThat(missing.result()).isEqualTo(Main.RUN_FAILED);
    assertThat(missing.out()).contains("FAILED").contains("error[E200]: Cannot read csv input at");
    assertThat(missing.out() + missing.err()).doesNotContain("\tat ");
    Captured<Integer> usage = sluice("run");
    assertThat(usage.result()).isEqualTo(Main.USAGE);
    assertThat(usage.err()).contains("Missing required parameter: 'FILE'");
    Captured<Integer> badParam = sluice("validate", pipeline.toString(), "--param", "nope=1");
    assertThat(badParam.result()).isEqualTo(Main.USAGE);
    assertThat(badParam.err()).contains("error[E110]: Cannot set parameter 'nope'");
  }

  @Test
  void schemaAndDocsAreGeneratedFromTheOptions() throws Exception {
    Captured<Integer> schema = sluice("schema");
    JsonNode json = new ObjectMapper().readTree(schema.out());
    assertThat(json.at("/properties/datasets/additionalProperties/properties/mode/enum").toString())
        .isEqualTo("[\"overwrite\",\"append\",\"merge\",\"streaming\"]");
    assertThat(
            json.at("/properties/sources/additionalProperties/oneOf/0/properties/type/const")
                .asText())
        .isEqualTo("file");
    Captured<Integer> docs = sluice("docs");
    assertThat(docs.out())
        .contains("### `file`")
        .contains("| `bad_records` | one of fail, drop, quarantine | `fail` |")
        .contains("| E106 | datasets that depend on each other in a cycle |");
  }
}
