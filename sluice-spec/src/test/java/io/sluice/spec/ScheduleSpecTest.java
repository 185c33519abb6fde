package io.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spec.yaml.Position;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleSpecTest {
  private static ScheduleSpec schedule(String cron, String zone, String start, boolean catchup) {
    return new ScheduleSpec(
        cron,
        ZoneId.of(zone),
        LocalDate.parse(start),
        Optional.empty(),
        catchup,
        1,
        new Position("p.yaml", 1, 1));
  }

  @Test
  void dailyCronInBerlinKeepsLocalTimeAcrossTheSpringDstChange() {
    ScheduleSpec daily = schedule("0 9 * * *", "Europe/Berlin", "2024-03-29", true);
    List<RunDate> due = daily.dueIntervals(ZonedDateTime.parse("2024-04-02T12:00:00Z"));
    assertThat(due)
        .extracting(RunDate::ds)
        .containsExactly(
            LocalDate.parse("2024-03-29"),
            LocalDate.parse("2024-03-30"),
            LocalDate.parse("2024-03-31"),
            LocalDate.parse("2024-04-01"));
    assertThat(due)
        .extracting(d -> d.intervalStart().toInstant().toString())
        .containsExactly(
            "2024-03-29T08:00:00Z",
            "2024-03-30T08:00:00Z",
            "2024-03-31T07:00:00Z",
            "2024-04-01T07:00:00Z");
    // the night the clocks go forward, the interval is 23 hours long
    assertThat(Duration.between(due.get(1).intervalStart(), due.get(1).intervalEnd()))
        .isEqualTo(Duration.ofHours(23));
    // the last interval ends 2024-04-02 09:00 CEST = 07:00Z, before "now"; the next is not due
    assertThat(due.get(3).intervalEnd().toInstant().toString()).isEqualTo("2024-04-02T07:00:00Z");
  }

  @Test
  void withoutCatchupOnlyTheLatestIntervalIsDue() {
    ScheduleSpec daily = schedule("0 9 * * *", "Europe/Berlin", "2024-03-29", false);
    assertThat(daily.dueIntervals(ZonedDateTime.parse("2024-04-02T12:00:00Z")))
        .extracting(RunDate::ds)
        .containsExactly(LocalDate.parse("2024-04-01"));
    assertThat(daily.dueIntervals(ZonedDateTime.parse("2024-03-29T12:00:00Z"))).isEmpty();
  }

  @Test
  void aTimeTheClockSkipsOrRepeatsStillRunsExactlyOnceThatDay() {
    // 02:30 does not exist on 2024-03-10 in New York; 01:30 happens twice on 2024-11-03
    for (String[] c :
        new String[][] {
          {"30 2 * * *", "2024-03-08", "2024-03-12"}, {"30 1 * * *", "2024-11-01", "2024-11-05"}
        }) {
      ScheduleSpec daily = schedule(c[0], "America/New_York", c[1], true);
      List<RunDate> on = daily.intervalsOn(LocalDate.parse(c[1]), LocalDate.parse(c[2]));
      assertThat(on).extracting(RunDate::ds).doesNotHaveDuplicates().hasSize(5);
      for (int i = 1; i < on.size(); i++) {
        assertThat(on.get(i).intervalStart()).isEqualTo(on.get(i - 1).intervalEnd());
      }
    }
    // the skipped 02:30 fires an hour later on the wall clock, as cron does after the jump
    assertThat(
            schedule("30 2 * * *", "America/New_York", "2024-03-08", true)
                .onDay(LocalDate.parse("2024-03-10"))
                .orElseThrow()
                .intervalStart()
                .toOffsetDateTime()
                .toString())
        .isEqualTo("2024-03-10T03:30-04:00");
  }

  @Test
  void runDatePlaceholders() {
    ScheduleSpec kst = schedule("30 1 * * *", "Asia/Seoul", "2024-07-01", true);
    RunDate date = kst.onDay(LocalDate.parse("2024-07-01")).orElseThrow();
    assertThat(date.intervalStart().toString()).isEqualTo("2024-07-01T01:30+09:00[Asia/Seoul]");
    assertThat(date.variable("ds")).contains("2024-07-01");
    assertThat(date.variable("ds_nodash")).contains("20240701");
    assertThat(date.variable("ds_epoch_ms")).contains("1719792000000");
    assertThat(date.variable("ds_epoch_ms+1d")).contains("1719878400000");
    assertThat(date.variable("ds-7d")).contains("2024-06-24");
    assertThat(date.variable("next_ds")).contains("2024-07-02");
    assertThat(date.variable("data_interval_end")).contains("2024-07-02T01:30:00+09:00");
    assertThat(date.variable("nope")).isEmpty();
  }

  @Test
  void theLoaderRendersTheRunDateAndReportsABadCron() {
    String yaml =
        String.join(
            "\n",
            "pipeline: dated",
            "schedule: { cron: '30 1 * * *', timezone: Asia/Seoul, start_date: '2024-07-01' }",
            "datasets:",
            "  gold.x: { sql: \"SELECT '${ds}' AS ds, '${ds_epoch_ms}' AS folder\" }",
            "");
    PipelineSpec spec =
        PipelineLoader.load(
            java.nio.file.Path.of("dated.yaml"),
            yaml,
            new LoadRequest("local", java.util.Map.of(), k -> null, Optional.of("2024-07-02")));
    assertThat(((DatasetDefinition.SqlQuery) spec.datasets().get("gold.x").definition()).sql())
        .isEqualTo("SELECT '2024-07-02' AS ds, '1719878400000' AS folder");
    assertThat(spec.runDate().intervalStart().toString())
        .isEqualTo("2024-07-02T01:30+09:00[Asia/Seoul]");
    ValidationException bad =
        org.junit.jupiter.api.Assertions.assertThrows(
            ValidationException.class,
            () ->
                PipelineLoader.load(
                    java.nio.file.Path.of("dated.yaml"),
                    yaml.replace("30 1 * * *", "61 1 * * *"),
                    new LoadRequest("local", java.util.Map.of(), k -> null)));
    assertThat(bad.getMessage()).contains("dated.yaml:2:").contains("Cannot use cron '61 1 * * *'");
  }
}
