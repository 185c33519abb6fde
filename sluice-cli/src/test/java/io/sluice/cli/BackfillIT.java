package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunStatus;
import io.sluice.testing.TestingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 30-day backfill of a scheduled pipeline across a DST change: the dry run prints the dates and
 * runs nothing; the backfill runs each logical date once, in order, with its rendered values; a
 * second backfill finds every date done and runs none.
 */
class BackfillIT {
  @TempDir Path work;

  @Test
  void thirtyDaysRunOnceEachWithRenderedValuesAndResume() throws Exception {
    Path pipeline = work.resolve("dated.yaml");
    Files.writeString(
        pipeline,
        String.join(
            "\n",
            "pipeline: dated",
            "schedule: { cron: '0 6 * * *', timezone: Europe/Berlin, start_date: '2024-03-01' }",
            "datasets:",
            "  gold.days:",
            "    mode: append",
            "    sql: >-",
            "      SELECT '${ds}' AS ds, '${ds_nodash}' AS ds_nodash, '${ds_epoch_ms}' AS folder,",
            "      '${data_interval_start}' AS starts, '${prev_ds}' AS prev",
            ""));
    String lake = work.resolve("lake").toString();
    String store = "jdbc:h2:file:" + work.resolve("runs");
    String[] common = {
      pipeline.toString(),
      "--from",
      "2024-03-10",
      "--to",
      "2024-04-08",
      "--lake",
      lake,
      "--run-store",
      store
    };

    TestingConsole.Captured<Integer> dry = run(common, "--dry-run");
    assertThat(dry.result()).isEqualTo(Main.OK);
    assertThat(dry.out())
        .contains("Backfill dated: 30 logical dates from 2024-03-10 to 2024-04-08")
        .contains(
            "2024-03-10  [2024-03-10T06:00:00+01:00, 2024-03-11T06:00:00+01:00)  not run: run")
        .contains("2024-04-08  [2024-04-08T06:00:00+02:00");
    assertThat(dry.out().lines().filter(l -> l.endsWith("not run: run")).count()).isEqualTo(30);
    assertThat(Files.exists(work.resolve("lake").resolve("gold").resolve("days"))).isFalse();

    TestingConsole.Captured<Integer> backfill = run(common);
    assertThat(backfill.result()).as(backfill.out() + backfill.err()).isEqualTo(Main.OK);
    assertThat(backfill.out()).contains("Backfill done: 30 dates run, 0 already done");
    TestingConsole.Captured<Integer> rows =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "sql",
                    pipeline.toString(),
                    "SELECT ds, ds_nodash, folder, starts, prev FROM gold.days ORDER BY ds",
                    "--format",
                    "csv",
                    "--lake",
                    lake,
                    "--limit",
                    "100"));
    List<String> lines = rows.out().lines().filter(l -> l.matches("\\d{4}-.*")).toList();
    assertThat(lines).hasSize(30);
    LocalDate day = LocalDate.parse("2024-03-10");
    for (String line : lines) {
      String[] cells = line.split(",");
      assertThat(cells[0]).isEqualTo(day.toString());
      assertThat(cells[1]).isEqualTo(day.toString().replace("-", ""));
      assertThat(cells[2])
          .isEqualTo(String.valueOf(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()));
      assertThat(cells[3])
          .isEqualTo(
              day
                  + (day.isBefore(LocalDate.parse("2024-03-31"))
                      ? "T06:00:00+01:00"
                      : "T06:00:00+02:00"));
      assertThat(cells[4]).isEqualTo(day.minusDays(1).toString());
      day = day.plusDays(1);
    }
    try (JdbcRunStore runs = JdbcRunStore.open(store)) {
      assertThat(runs.dates("dated")).hasSize(30).allMatch(d -> d.status() == RunStatus.SUCCEEDED);
    }

    TestingConsole.Captured<Integer> again = run(common);
    assertThat(again.result()).isEqualTo(Main.OK);
    assertThat(again.out()).contains("Backfill done: 0 dates run, 30 already done");

    // six more dates, three at a time in one session
    String[] more = common.clone();
    more[2] = "2024-04-09";
    more[4] = "2024-04-14";
    TestingConsole.Captured<Integer> concurrent = run(more, "--concurrency", "3");
    assertThat(concurrent.result()).as(concurrent.out() + concurrent.err()).isEqualTo(Main.OK);
    assertThat(concurrent.out()).contains("Backfill done: 6 dates run, 0 already done");
    TestingConsole.Captured<Integer> all =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "sql",
                    pipeline.toString(),
                    "SELECT count(*), count(DISTINCT ds), max(ds) FROM gold.days",
                    "--format",
                    "csv",
                    "--lake",
                    lake));
    assertThat(all.out()).contains("36,36,2024-04-14");
    try (JdbcRunStore runs = JdbcRunStore.open(store)) {
      assertThat(runs.dates("dated")).hasSize(36).allMatch(d -> d.status() == RunStatus.SUCCEEDED);
    }
  }

  private static TestingConsole.Captured<Integer> run(String[] common, String... extra)
      throws Exception {
    String[] args = new String[common.length + extra.length + 1];
    args[0] = "backfill";
    System.arraycopy(common, 0, args, 1, common.length);
    System.arraycopy(extra, 0, args, 1 + common.length, extra.length);
    return TestingConsole.capture(() -> Main.execute(args));
  }
}
