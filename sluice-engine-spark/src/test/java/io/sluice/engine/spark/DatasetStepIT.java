package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunStatus;
import io.sluice.core.store.StepRecord;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Expectations, quarantine, counts and write modes of lake datasets. */
class DatasetStepIT {
  private static List<String> rows(String sql) {
    return SharedSpark.session().sql(sql).collectAsList().stream().map(Row::toString).toList();
  }

  private static final String CHECKS =
      """
      pipeline: checks
      datasets:
        chk.numbers:
          sql: SELECT id, id % 3 AS r, CAST(id AS STRING) AS raw FROM range(1, 11)
          helper_columns: [raw]
          expect:
            - { name: not_seven_or_eight, check: "id NOT IN (7, 8)", on_fail: quarantine }
            - { name: small, check: "id <= 8", on_fail: drop }
            - { name: even, check: "id % 2 = 0", on_fail: warn }
            - { name: no_nulls, check: "r IS NOT NULL", on_fail: fail }
      """;

  @Test
  void everyRowIsWrittenQuarantinedOrDroppedAndTheCountsAddUp() {
    RunResult result = SharedSpark.run(CHECKS, Map.of());
    StepResult step = result.step("chk.numbers").orElseThrow();
    assertThat(step.status()).as(step.error().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(step.rowsIn()).isEqualTo(10);
    assertThat(step.quarantined()).isEqualTo(2); // 7, 8
    assertThat(step.dropped()).isEqualTo(2); // 9, 10
    assertThat(step.rowsOut()).isEqualTo(6);
    assertThat(step.warned()).isEqualTo(5); // odd ids
    assertThat(step.failedByCheck())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("not_seven_or_eight", 2L, "small", 2L, "even", 5L));
    assertThat(rows("SELECT id FROM chk.numbers ORDER BY id"))
        .containsExactly("[1]", "[2]", "[3]", "[4]", "[5]", "[6]");
    assertThat(SharedSpark.session().table("chk.numbers").columns()).containsExactly("id", "r");
    assertThat(
            rows(
                "SELECT _reasons, _record, _run_id = '"
                    + result.runId()
                    + "' FROM chk.numbers__quarantine ORDER BY _record"))
        .containsExactly(
            "[ArraySeq(not_seven_or_eight, even),{\"id\":7,\"r\":1,\"raw\":\"7\"},true]",
            "[ArraySeq(not_seven_or_eight),{\"id\":8,\"r\":2,\"raw\":\"8\"},true]");
    try (JdbcRunStore store = JdbcRunStore.open(SharedSpark.settings().runStore())) {
      assertThat(store.steps(result.runId()))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.rowsIn()).isEqualTo(10);
                assertThat(s.balanced()).isTrue();
              });
      assertThat(store.checks(result.runId())).hasSize(3);
    }
  }

  @Test
  void reRunningReplacesRatherThanPilesUp() {
    SharedSpark.run(CHECKS.replace("chk.", "rerun."), Map.of());
    SharedSpark.run(CHECKS.replace("chk.", "rerun."), Map.of());
    assertThat(rows("SELECT count(*) FROM rerun.numbers")).containsExactly("[6]");
    assertThat(rows("SELECT count(*) FROM rerun.numbers__quarantine")).containsExactly("[2]");
  }

  @Test
  void aReRunWithNothingToQuarantineEmptiesTheQuarantineOnce() {
    String pipeline =
        """
        pipeline: clean
        parameters: { upto: { default: "10" } }
        datasets:
          clean.numbers:
            sql: SELECT id FROM range(1, 11) WHERE id <= ${upto}
            expect:
              - { name: small, check: "id <= 8", on_fail: quarantine }
        """;
    SharedSpark.run(pipeline, Map.of());
    assertThat(rows("SELECT count(*) FROM clean.numbers__quarantine")).containsExactly("[2]");
    SharedSpark.run(pipeline, Map.of("upto", "8"));
    assertThat(rows("SELECT count(*) FROM clean.numbers__quarantine")).containsExactly("[0]");
    long snapshots = snapshots("clean.numbers__quarantine");
    SharedSpark.run(pipeline, Map.of("upto", "8")); // already empty: no further commit
    assertThat(rows("SELECT count(*) FROM clean.numbers")).containsExactly("[8]");
    assertThat(snapshots("clean.numbers__quarantine")).isEqualTo(snapshots);
  }

  private static long snapshots(String table) {
    return SharedSpark.session()
        .sql("SELECT count(*) FROM " + table + ".snapshots")
        .collectAsList()
        .get(0)
        .getLong(0);
  }

  @Test
  void aFailingCheckFailsTheRunAndLeavesTheTableAsItWas() {
    SharedSpark.run("pipeline: f\ndatasets:\n  fail.t: { sql: SELECT 1 AS id }\n", Map.of());
    RunResult result =
        SharedSpark.run(
            """
        pipeline: f
        datasets:
          fail.t:
            sql: SELECT id FROM range(5)
            expect: [ { name: below_three, check: "id < 3", on_fail: fail } ]
          fail.after: { sql: SELECT * FROM fail.t }
        """,
            Map.of());
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.error())
        .get()
        .asString()
        .startsWith(
            "error[E202]: Cannot accept a row of dataset fail.t: check 'below_three' (id < 3) failed (on_fail: fail). Row: {\"id\":");
    assertThat(result.step("fail.after").orElseThrow().status()).isEqualTo(RunStatus.SKIPPED);
    assertThat(rows("SELECT * FROM fail.t")).containsExactly("[1]");
    try (JdbcRunStore store = JdbcRunStore.open(SharedSpark.settings().runStore())) {
      assertThat(store.recentRuns("f", 1).get(0).status()).isEqualTo(RunStatus.FAILED);
      assertThat(store.steps(result.runId()))
          .extracting(StepRecord::status)
          .contains(RunStatus.FAILED);
    }
  }

  @Test
  void overwriteAndMergeAreIdempotentAppendAdds() {
    String yaml =
        """
        pipeline: modes
        parameters: { version: "1" }
        datasets:
          modes.over: { sql: "SELECT id, ${version} AS v FROM range(3)" }
          modes.app: { sql: "SELECT id, ${version} AS v FROM range(3)", mode: append }
          modes.merged: { sql: "SELECT id, ${version} AS v FROM range(3)", mode: merge, keys: [id] }
        """;
    SharedSpark.run(yaml, Map.of("version", "1"));
    SharedSpark.run(yaml, Map.of("version", "1"));
    assertThat(rows("SELECT count(*), sum(v) FROM modes.over")).containsExactly("[3,3]");
    assertThat(rows("SELECT count(*) FROM modes.app")).containsExactly("[6]");
    assertThat(rows("SELECT count(*), sum(v) FROM modes.merged")).containsExactly("[3,3]");
    SharedSpark.run(yaml.replace("range(3)", "range(1, 5)"), Map.of("version", "2"));
    assertThat(rows("SELECT id, v FROM modes.merged ORDER BY id"))
        .containsExactly("[0,1]", "[1,2]", "[2,2]", "[3,2]", "[4,2]");
    assertThat(rows("SELECT id, v FROM modes.over ORDER BY id"))
        .containsExactly("[1,2]", "[2,2]", "[3,2]", "[4,2]");
  }

  @Test
  void partitionsByDeclaredTransforms() {
    RunResult result =
        SharedSpark.run(
            """
        pipeline: parts
        datasets:
          parts.events:
            sql: SELECT id, timestamp_seconds(id * 86400) AS ts FROM range(10)
            partition_by: [days(ts)]
        """,
            Map.of());
    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rows("SELECT count(*) FROM lake.parts.events.partitions")).containsExactly("[10]");
  }

  @Test
  void moreRowsToQuarantineThanTravelWithTheMetricsAreReadAgain() {
    RunResult result =
        SharedSpark.run(
            """
        pipeline: many
        datasets:
          many.t:
            sql: SELECT id FROM range(12500)
            expect: [ { name: below_500, check: "id < 500", on_fail: quarantine } ]
        """,
            Map.of());
    StepResult step = result.step("many.t").orElseThrow();
    assertThat(step.status()).as(step.error().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(DatasetStep.QUARANTINE_IN_ONE_PASS).isLessThan(12_000);
    assertThat(List.of(step.rowsIn(), step.rowsOut(), step.quarantined()))
        .containsExactly(12_500L, 500L, 12_000L);
    assertThat(
            rows(
                "SELECT count(*), count(DISTINCT _record), min(get_json_object(_record, '$.id') + 0) FROM many.t__quarantine"))
        .containsExactly("[12000,12000,500]");
  }

  @Test
  void independentDatasetsRunAtOnceUpToParallelSteps() {
    String pipeline =
        """
        pipeline: fan
        spark: { parallel_steps: PARALLEL }
        datasets:
          fan.source:
            sql: SELECT id FROM range(1, 1001)
          fan.a:
            sql: SELECT id % 7 AS k, count(*) AS n FROM fan.source GROUP BY id % 7
          fan.b:
            sql: SELECT id % 11 AS k, sum(id) AS s FROM fan.source GROUP BY id % 11
          fan.c:
            sql: SELECT max(id) AS m FROM fan.source
          fan.after:
            sql: SELECT (SELECT sum(n) FROM fan.a) AS n, (SELECT sum(s) FROM fan.b) AS s, (SELECT m FROM fan.c) AS m
        """;
    for (int parallel : new int[] {4, 1}) {
      RunResult result =
          SharedSpark.run(pipeline.replace("PARALLEL", Integer.toString(parallel)), Map.of());
      assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(result.steps())
          .extracting(StepResult::name)
          .containsExactly("fan.source", "fan.a", "fan.b", "fan.c", "fan.after");
      try (JdbcRunStore store = JdbcRunStore.open(SharedSpark.settings().runStore())) {
        Map<String, StepRecord> steps = new java.util.HashMap<>();
        store.steps(result.runId()).forEach(s -> steps.put(s.step(), s));
        List<StepRecord> fan = List.of(steps.get("fan.a"), steps.get("fan.b"), steps.get("fan.c"));
        java.time.Instant lastStart =
            fan.stream().map(StepRecord::startedAt).max(java.util.Comparator.naturalOrder()).get();
        java.time.Instant firstEnd =
            fan.stream()
                .map(s -> s.endedAt().orElseThrow())
                .min(java.util.Comparator.naturalOrder())
                .get();
        // At once: all three started before any finished; one by one: never.
        assertThat(lastStart.isBefore(firstEnd))
            .as("overlap at " + parallel)
            .isEqualTo(parallel > 1);
        for (StepRecord branch : fan) {
          assertThat(branch.startedAt())
              .isAfterOrEqualTo(steps.get("fan.source").endedAt().orElseThrow());
          assertThat(steps.get("fan.after").startedAt())
              .isAfterOrEqualTo(branch.endedAt().orElseThrow());
        }
      }
      assertThat(rows("SELECT n, s, m FROM fan.after")).containsExactly("[1000,500500,1000]");
    }
  }

  @Test
  void aFailedStepSkipsWhatDependsOnItAndTheRestStillRuns() {
    RunResult result =
        SharedSpark.run(
            """
            pipeline: branches
            parameters: { out: null }
            datasets:
              br.source:
                sql: SELECT id FROM range(1, 6)
              br.broken:
                sql: SELECT id FROM br.source
                expect:
                  - { name: never, check: "id > 100", on_fail: fail }
              br.after_broken:
                sql: SELECT id * 2 AS id FROM br.broken
              br.independent:
                sql: SELECT id * 3 AS id FROM br.source
            sinks:
              from_broken: { type: file, from: br.after_broken, format: csv, path: "${out}/a" }
              from_independent: { type: file, from: br.independent, format: csv, path: "${out}/b" }
            """,
            Map.of("out", SharedSpark.root().resolve("branches-out").toString()));
    assertThat(result.status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.step("br.broken").orElseThrow().status()).isEqualTo(RunStatus.FAILED);
    assertThat(result.step("br.after_broken").orElseThrow().status()).isEqualTo(RunStatus.SKIPPED);
    assertThat(result.step("from_broken").orElseThrow().status()).isEqualTo(RunStatus.SKIPPED);
    assertThat(result.step("br.independent").orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(result.step("br.independent").orElseThrow().rowsOut()).isEqualTo(5);
    assertThat(result.step("from_independent").orElseThrow().status())
        .isEqualTo(RunStatus.SUCCEEDED);
    assertThat(rows("SELECT sum(id) FROM br.independent")).containsExactly("[45]");
  }
}
