package io.sluice.spec;

import io.sluice.spec.yaml.YamlMap;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import java.util.Optional;

/** Reads {@code schedule:} and works out the run's data interval from it and --date. */
final class ScheduleReader extends SectionReader {
  ScheduleReader(Problems problems) {
    super(problems);
  }

  Optional<ScheduleSpec> readSchedule(YamlMap root, Templates templates) {
    Optional<YamlMap> section =
        mapSection(root, "schedule").map(m -> (YamlMap) render(m, templates));
    if (section.isEmpty()) {
      return Optional.empty();
    }
    Problems local = new Problems();
    ResolvedOptions options =
        OptionReader.read(section.get(), FormatOptions.SCHEDULE_SECTION, "the schedule", local);
    local.sorted().forEach(problems::add);
    if (!local.isEmpty()) {
      return Optional.empty();
    }
    boolean ok = true;
    String cron = options.get(FormatOptions.SCHEDULE_CRON);
    try {
      ScheduleSpec.parse(cron);
    } catch (IllegalArgumentException e) {
      ok = false;
      problems.add(
          OptionReader.valuePosition(section.get(), "cron"),
          ErrorCode.INVALID_VALUE,
          "Cannot use cron '" + cron + "': " + e.getMessage(),
          "five fields: minute hour day-of-month month day-of-week, such as '30 1 * * *'");
    }
    java.time.ZoneId zone = java.time.ZoneOffset.UTC;
    String zoneName = options.get(FormatOptions.SCHEDULE_TIMEZONE);
    try {
      zone = java.time.ZoneId.of(zoneName);
    } catch (java.time.DateTimeException e) {
      ok = false;
      problems.add(
          OptionReader.valuePosition(section.get(), "timezone"),
          ErrorCode.INVALID_VALUE,
          "Cannot use time zone '" + zoneName + "': " + e.getMessage(),
          "an IANA name such as Asia/Seoul, Europe/Berlin or UTC");
    }
    Optional<java.time.LocalDate> start =
        date(section.get(), options, FormatOptions.SCHEDULE_START);
    Optional<java.time.LocalDate> end =
        options.find(FormatOptions.SCHEDULE_END).isPresent()
            ? date(section.get(), options, FormatOptions.SCHEDULE_END)
            : Optional.empty();
    int maxActive = options.get(FormatOptions.SCHEDULE_MAX_ACTIVE);
    if (!ok || start.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ScheduleSpec(
            cron,
            zone,
            start.get(),
            end,
            options.get(FormatOptions.SCHEDULE_CATCHUP),
            maxActive,
            OptionReader.keyPosition(root, "schedule")));
  }

  Optional<java.time.LocalDate> date(
      YamlMap section, ResolvedOptions options, Option<String> option) {
    String text = options.get(option);
    try {
      return Optional.of(java.time.LocalDate.parse(text));
    } catch (java.time.format.DateTimeParseException e) {
      problems.add(
          OptionReader.valuePosition(section, option.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot use " + option.key() + " '" + text + "': not a date YYYY-MM-DD",
          "for example 2024-07-01");
      return Optional.empty();
    }
  }

  /** The run's data interval: from --date (a day, or an interval start) and the schedule. */
  RunDate runDate(Optional<ScheduleSpec> schedule, LoadRequest request, YamlMap root) {
    java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
    if (request.date().isEmpty()) {
      return schedule.flatMap(s -> s.latest(now)).orElse(RunDate.day(now.toLocalDate()));
    }
    String text = request.date().get().trim();
    try {
      if (text.length() == 10) {
        java.time.LocalDate day = java.time.LocalDate.parse(text);
        return schedule.flatMap(s -> s.onDay(day)).orElse(RunDate.day(day));
      }
      java.time.ZonedDateTime start = java.time.ZonedDateTime.parse(text);
      if (schedule.isPresent()) {
        java.time.LocalDate day =
            start.withZoneSameInstant(schedule.get().timezone()).toLocalDate();
        for (RunDate interval : schedule.get().intervalsOn(day, day)) {
          if (interval.intervalStart().toInstant().equals(start.toInstant())) {
            return interval;
          }
        }
        problems.add(
            OptionReader.keyPosition(root, "schedule"),
            ErrorCode.INVALID_VALUE,
            "Cannot run at " + text + ": the schedule has no interval starting then",
            "pass a day (--date YYYY-MM-DD) or an interval start the schedule fires at");
        return RunDate.day(day);
      }
      return RunDate.day(start.toLocalDate());
    } catch (java.time.format.DateTimeParseException e) {
      problems.add(
          root.position(),
          ErrorCode.INVALID_VALUE,
          "Cannot use --date '" + text + "': not a date YYYY-MM-DD nor an ISO date-time",
          "for example --date 2024-07-01");
      return RunDate.day(now.toLocalDate());
    }
  }
}
