package io.sluice.sql;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date and time stamp texts in the forms Redshift reads ({@code '20220502'}, {@code '2022/05/02'},
 * {@code '05/02/2022'} month first, {@code 'May 2, 2022'}, {@code 'Jun 1,2008 09:59:59 EST'},
 * {@code '02-May-2022'}) written as ISO dates, which Calcite and Spark read; a zone abbreviation as
 * the fixed offset Redshift gives it.
 */
final class RedshiftDateLiterals {
  private RedshiftDateLiterals() {}

  private static final List<DateTimeFormatter> FORMS =
      List.of(
          formatter("uuuu-M-d"),
          formatter("uuuuMMdd"),
          formatter("uuuu/M/d"),
          formatter("uuuu.M.d"),
          formatter("M/d/uuuu"),
          formatter("M-d-uuuu"),
          formatter("MMM d, uuuu"),
          formatter("MMM d,uuuu"),
          formatter("MMM d uuuu"),
          formatter("MMMM d, uuuu"),
          formatter("MMMM d,uuuu"),
          formatter("MMMM d uuuu"),
          formatter("d MMM uuuu"),
          formatter("d-MMM-uuuu"),
          formatter("d MMMM uuuu"));

  /** A date, then optionally a time of day and after it a zone (an abbreviation or an offset). */
  private static final Pattern TEXT =
      Pattern.compile(
          "(.*?)(?:[ T]+(\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)"
              + "(?:\\s*([A-Za-z]{1,5}|[+-]\\d{2}(?::?\\d{2})?))?)?");

  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private static DateTimeFormatter formatter(String pattern) {
    return new DateTimeFormatterBuilder()
        .parseCaseInsensitive()
        .appendPattern(pattern)
        .toFormatter(Locale.ENGLISH);
  }

  /**
   * The ISO spelling of a date or time stamp text, when it is written otherwise (empty when it is
   * ISO already, or not a date Redshift reads); {@code dateOnly} takes no time of day.
   */
  static Optional<String> iso(String text, boolean dateOnly) {
    Matcher m = TEXT.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String date = m.group(1).trim();
    String time = m.group(2);
    String zone = m.group(3);
    if (dateOnly && (time != null || zone != null)) {
      return Optional.empty();
    }
    Optional<LocalDate> parsed = date(date);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    String offset = zone == null ? "" : offset(zone);
    if (offset == null) {
      return Optional.empty();
    }
    String iso = parsed.get() + (time == null ? "" : " " + padded(time)) + offset;
    return iso.equals(text.trim()) || (ISO_DATE.matcher(date).matches() && zone == null)
        ? Optional.empty()
        : Optional.of(iso);
  }

  private static Optional<LocalDate> date(String date) {
    for (DateTimeFormatter form : FORMS) {
      try {
        return Optional.of(LocalDate.parse(date, form));
      } catch (DateTimeParseException e) {
        // the next form
      }
    }
    return Optional.empty();
  }

  private static String padded(String time) {
    return time.indexOf(':') == 1 ? "0" + time : time;
  }

  /** The offset of a zone abbreviation Redshift knows, or of a written offset; null otherwise. */
  private static String offset(String zone) {
    if (zone.startsWith("+") || zone.startsWith("-")) {
      return zone;
    }
    return RedshiftDates.abbreviationOffset(zone).orElse(null);
  }
}
