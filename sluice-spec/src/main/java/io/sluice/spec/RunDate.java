package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's logical date and data interval, as Airflow defines them: a scheduled run covers {@code
 * [intervalStart, intervalEnd)} and starts after the interval ends; its logical date is the
 * interval's start. Pipeline files use them as placeholders: {@code ${ds}} (YYYY-MM-DD in the
 * schedule's time zone), {@code ${ds_nodash}}, {@code ${ds_epoch_ms}} (00:00 UTC of {@code ds} in
 * epoch milliseconds, the name of a Segment archive day folder), {@code ${prev_ds}}, {@code
 * ${next_ds}}, {@code ${ts}}, {@code ${data_interval_start}}, {@code ${data_interval_end}}; and day
 * arithmetic on the first three, such as {@code ${ds+1d}} or {@code ${ds_epoch_ms-7d}}.
 */
public record RunDate(ZonedDateTime intervalStart, ZonedDateTime intervalEnd) {
  /** The placeholder names a pipeline file may use (besides arithmetic). */
  public static final List<String> NAMES =
      List.of(
          "ds",
          "ds_nodash",
          "ds_epoch_ms",
          "prev_ds",
          "next_ds",
          "ts",
          "data_interval_start",
          "data_interval_end");

  private static final Pattern ARITHMETIC =
      Pattern.compile("(ds|ds_nodash|ds_epoch_ms)\\s*([+-])\\s*(\\d+)\\s*d");

  public RunDate {
    requireNonNull(intervalStart, "intervalStart is null");
    requireNonNull(intervalEnd, "intervalEnd is null");
    if (!intervalEnd.isAfter(intervalStart)) {
      throw new IllegalArgumentException(
          "a data interval must end after it starts: " + intervalStart + " .. " + intervalEnd);
    }
  }

  /** The day {@code day} in UTC: [00:00, next 00:00). */
  public static RunDate day(LocalDate day) {
    ZonedDateTime start = day.atStartOfDay(ZoneOffset.UTC);
    return new RunDate(start, start.plusDays(1));
  }

  /** The logical date as a day in the interval's time zone. */
  public LocalDate ds() {
    return intervalStart.toLocalDate();
  }

  /** The value of placeholder {@code name}, if it is one of the run date's. */
  public Optional<String> variable(String name) {
    Matcher arithmetic = ARITHMETIC.matcher(name);
    if (arithmetic.matches()) {
      long days = Long.parseLong(arithmetic.group(3)) * (arithmetic.group(2).equals("-") ? -1 : 1);
      return Optional.of(day(arithmetic.group(1), ds().plusDays(days)));
    }
    return switch (name) {
      case "ds", "ds_nodash", "ds_epoch_ms" -> Optional.of(day(name, ds()));
      case "prev_ds" -> Optional.of(ds().minusDays(1).toString());
      case "next_ds" -> Optional.of(ds().plusDays(1).toString());
      case "ts", "data_interval_start" ->
          Optional.of(intervalStart.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      case "data_interval_end" ->
          Optional.of(intervalEnd.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      default -> Optional.empty();
    };
  }

  private static String day(String form, LocalDate day) {
    return switch (form) {
      case "ds_nodash" -> day.toString().replace("-", "");
      case "ds_epoch_ms" ->
          String.valueOf(day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
      default -> day.toString();
    };
  }
}
