package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The file connector read through the engine: headers, declared columns, bad-record policies. */
class FileSourceIT {
  private static RunResult load(String namespace, Path input, String extra) {
    return SharedSpark.run(
        """
        pipeline: files
        parameters: { input: none }
        sources:
          src:
            type: file
            path: ${input}
        """
            + extra
            + """
        datasets:
          NS.t: { from: src }
        """
                .replace("NS", namespace),
        Map.of("input", input.toString()));
  }

  private static List<Row> rows(String sql) {
    return SharedSpark.session().sql(sql).collectAsList();
  }

  @Test
  void trimsHeadersNormalisesNamesAndTypesDeclaredColumns() {
    Path csv =
        SharedSpark.write(
            "spaces.csv", "id ,Duration (seconds),longitude ,ignored\n1,2.5,-97.9,x\n2,,10,y\n");
    RunResult result =
        load(
            "headers",
            csv,
            """
            normalize_names: true
            columns: { id: int, duration_seconds: double, longitude: string }
        """);
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(SharedSpark.session().table("headers.t").columns())
        .containsExactly(
            "id", "duration_seconds", "longitude", "_ingested_at", "_run_id", "_source_file");
    assertThat(
            rows(
                "SELECT id, duration_seconds, longitude, _run_id = '"
                    + result.runId()
                    + "', _source_file LIKE '%spaces.csv' FROM headers.t ORDER BY id"))
        .extracting(Row::toString)
        .containsExactly("[1,2.5,-97.9,true,true]", "[2,null,10,true,true]");
  }

  @Test
  void refusesInputThatLacksDeclaredColumns() {
    Path csv = SharedSpark.write("missing.csv", "a,b\n1,2\n");
    RunResult result = load("missing", csv, "    columns: { a: string, c: string, d: int }\n");
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.error())
        .get()
        .asString()
        .startsWith(
            "error[E200]: Cannot read "
                + csv
                + ": declared columns [c, d] are not in the input; it has [a, b]");
  }

  @Test
  void failPolicyNamesTheFileTheColumnAndTheRecord() {
    Path csv = SharedSpark.write("bad-fail.csv", "id,amount\n1,10\n2,ten\n");
    RunResult result = load("badfail", csv, "    columns: { id: int, amount: int }\n");
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.error())
        .get()
        .asString()
        .startsWith("error[E201]: Cannot read a record of file://" + csv)
        .contains("column amount: 'ten' is not of type int")
        .contains("Record: {\"id\":\"2\",\"amount\":\"ten\"}");
    assertThat(SharedSpark.session().catalog().tableExists("lake.badfail.t")).isFalse();
  }

  @Test
  void quarantinePolicyKeepsBadAndMalformedRecordsAside() {
    Path csv =
        SharedSpark.write("bad-quarantine.csv", "id,amount\n1,10\n2,ten\n3,30,extra\n4,40\n");
    RunResult result =
        load("badq", csv, "    columns: { id: int, amount: int }\n    bad_records: quarantine\n");
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    StepResult step = result.step("badq.t").orElseThrow();
    assertThat(step.rowsIn()).isEqualTo(4);
    assertThat(step.rowsOut()).isEqualTo(2);
    assertThat(step.quarantined()).isEqualTo(2);
    assertThat(rows("SELECT id FROM badq.t ORDER BY id"))
        .extracting(r -> r.getInt(0))
        .containsExactlyInAnyOrder(1, 4);
    assertThat(
            rows(
                "SELECT _reasons[0], _record, _origin LIKE '%bad-quarantine.csv' FROM badq.t__quarantine ORDER BY _record"))
        .extracting(Row::toString)
        .containsExactlyInAnyOrder(
            "[column amount: 'ten' is not of type int,{\"id\":\"2\",\"amount\":\"ten\"},true]",
            "[malformed record,3,30,extra,true]");
  }

  @Test
  void dropPolicyCountsWhatItDrops() {
    Path csv = SharedSpark.write("bad-drop.csv", "id,amount\n1,10\n2,ten\n3,x\n");
    RunResult result =
        load("baddrop", csv, "    columns: { id: int, amount: int }\n    bad_records: drop\n");
    StepResult step = result.step("baddrop.t").orElseThrow();
    assertThat(step.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(List.of(step.rowsIn(), step.rowsOut(), step.dropped(), step.quarantined()))
        .containsExactly(3L, 1L, 2L, 0L);
  }

  @Test
  void readsJsonLinesWithDeclaredTypes() {
    Path json =
        SharedSpark.write(
            "events.jsonl",
            "{\"id\": 1, \"name\": \"a\", \"extra\": true}\n{\"id\": \"two\", \"name\": \"b\"}\nnot json\n");
    RunResult result =
        load(
            "jsonl",
            json,
            "    format: json\n    columns: { id: bigint, name: string }\n    bad_records: quarantine\n");
    StepResult step = result.step("jsonl.t").orElseThrow();
    assertThat(List.of(step.rowsIn(), step.rowsOut(), step.quarantined()))
        .containsExactly(3L, 1L, 2L);
    assertThat(rows("SELECT id, name FROM jsonl.t"))
        .extracting(Row::toString)
        .containsExactly("[1,a]");
    assertThat(SharedSpark.session().table("jsonl.t").columns())
        .startsWith("id", "name")
        .doesNotContain("extra");
  }

  @Test
  void readsOnlyDeclaredParquetColumns() {
    Path folder = SharedSpark.root().resolve("input").resolve("parquet");
    SharedSpark.session()
        .sql("SELECT id, id * 2 AS twice, 'x' AS other FROM range(5)")
        .write()
        .mode("overwrite")
        .parquet(folder.toString());
    RunResult result =
        load("pq", folder, "    format: parquet\n    columns: { twice: bigint, id: bigint }\n");
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(SharedSpark.session().table("pq.t").columns())
        .startsWith("twice", "id")
        .doesNotContain("other");
    assertThat(rows("SELECT sum(twice) FROM pq.t").get(0).getLong(0)).isEqualTo(20);
  }
}
