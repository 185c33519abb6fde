package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.sluice.spec.yaml.Position;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When a pipeline runs: a Unix cron expression (five fields, parsed by cron-utils) in a time zone,
 * from a start date (and until an end date), with a catch-up policy and a limit on concurrent runs.
 * Each fire time ends one data interval and starts the next; the run for an interval is due once
 * the interval has ended (Airflow's semantics).
 *
 * <p>Fire times are found on the local wall clock, then placed in the zone: a time the clock skips
 * (02:30 when DST starts) fires at the same distance after the jump (03:30), and a time that
 * happens twice (01:30 when DST ends) fires once, at the first; no logical date is lost or doubled.
 */
public record ScheduleSpec(
    String cron,
    ZoneId timezone,
    LocalDate startDate,
    Optional<LocalDate> endDate,
    boolean catchup,
    int maxActiveRuns,
    Position position) {
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  public ScheduleSpec {
    requireNonNull(cron, "cron is null");
    requireNonNull(timezone, "timezone is null");
    requireNonNull(startDate, "startDate is null");
    requireNonNull(endDate, "endDate is null");
    requireNonNull(position, "position is null");
  }

  /** Parses a cron expression; the message says what is wrong. */
  public static Cron parse(String cron) {
    Cron parsed = PARSER.parse(cron.trim());
    return parsed.validate();
  }

  private ExecutionTime execution() {
    return ExecutionTime.forCron(parse(cron));
  }

  /** The wall-clock time of {@code time} in the zone, as a zone-free instant for cron-utils. */
  private ZonedDateTime wallClock(ZonedDateTime time) {
    return time.withZoneSameInstant(timezone).toLocalDateTime().atZone(java.time.ZoneOffset.UTC);
  }

  /**
   * A wall-clock fire time placed in the zone (shifted forward across a gap, first of a repeat).
   */
  private ZonedDateTime inZone(ZonedDateTime wallClock) {
    return ZonedDateTime.ofLocal(wallClock.toLocalDateTime(), timezone, null);
  }

  private Optional<ZonedDateTime> next(ExecutionTime execution, ZonedDateTime after) {
    return execution.nextExecution(wallClock(after)).map(this::inZone);
  }

  private Optional<ZonedDateTime> previous(ExecutionTime execution, ZonedDateTime before) {
    return execution.lastExecution(wallClock(before)).map(this::inZone);
  }

  private boolean fires(ExecutionTime execution, ZonedDateTime time) {
    return execution.isMatch(wallClock(time));
  }

  /** The first fire time at or after the start date (00:00 in the time zone). */
  private ZonedDateTime firstFire() {
    ZonedDateTime start = startDate.atStartOfDay(timezone);
    ExecutionTime execution = execution();
    if (fires(execution, start)) {
      return start;
    }
    return next(execution, start).orElseThrow();
  }

  /**
   * The intervals whose end is at or before {@code now}, in order, from the start date (or, without
   * catch-up, only the latest one); none past the end date.
   */
  public List<RunDate> dueIntervals(ZonedDateTime now) {
    List<RunDate> due = new ArrayList<>();
    ExecutionTime execution = execution();
    ZonedDateTime start = firstFire();
    ZonedDateTime limit = now.withZoneSameInstant(timezone);
    while (true) {
      Optional<ZonedDateTime> next = next(execution, start);
      if (next.isEmpty() || next.get().isAfter(limit)) {
        break;
      }
      if (endDate.isPresent() && start.toLocalDate().isAfter(endDate.get())) {
        break;
      }
      due.add(new RunDate(start, next.get()));
      start = next.get();
    }
    if (!catchup && due.size() > 1) {
      return List.of(due.get(due.size() - 1));
    }
    return due;
  }

  /** The intervals whose logical date falls on {@code from}..{@code to} (days, inclusive). */
  public List<RunDate> intervalsOn(LocalDate from, LocalDate to) {
    List<RunDate> result = new ArrayList<>();
    ExecutionTime execution = execution();
    ZonedDateTime start = from.atStartOfDay(timezone);
    if (!fires(execution, start)) {
      start = next(execution, start).orElseThrow();
    }
    while (!start.toLocalDate().isAfter(to)) {
      ZonedDateTime end = next(execution, start).orElseThrow();
      result.add(new RunDate(start, end));
      start = end;
    }
    return result;
  }

  /** The most recent interval that has ended by {@code now} (for a run without --date). */
  public Optional<RunDate> latest(ZonedDateTime now) {
    ExecutionTime execution = execution();
    ZonedDateTime local = now.withZoneSameInstant(timezone);
    Optional<ZonedDateTime> end =
        fires(execution, local)
            ? Optional.of(local.withSecond(0).withNano(0))
            : previous(execution, local);
    return end.flatMap(e -> previous(execution, e).map(s -> new RunDate(s, e)));
  }

  /**
   * When the next run becomes due: the end of the interval open at {@code now} (empty past the end
   * date).
   */
  public Optional<ZonedDateTime> nextDue(ZonedDateTime now) {
    Optional<ZonedDateTime> next = next(execution(), now.withZoneSameInstant(timezone));
    return next.filter(
        n -> endDate.isEmpty() || !n.toLocalDate().isAfter(endDate.get().plusDays(1)));
  }

  /** The interval whose logical date is the day {@code ds} (the first fire on that day). */
  public Optional<RunDate> onDay(LocalDate ds) {
    List<RunDate> on = intervalsOn(ds, ds);
    return on.isEmpty() ? Optional.empty() : Optional.of(on.get(0));
  }
}
