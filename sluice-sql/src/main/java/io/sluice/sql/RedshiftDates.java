package io.sluice.sql;

import static io.sluice.sql.SqlBuild.POS;
import static io.sluice.sql.SqlBuild.arity;
import static io.sluice.sql.SqlBuild.castTo;
import static io.sluice.sql.SqlBuild.error;
import static io.sluice.sql.SqlBuild.fn;
import static io.sluice.sql.SqlBuild.literal;
import static io.sluice.sql.SqlBuild.number;
import static io.sluice.sql.SqlBuild.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;

/**
 * Redshift's date and time functions in Spark: DATEADD / DATEDIFF (crossed boundaries), DATE_PART
 * and EXTRACT, DATE_TRUNC, CONVERT_TIMEZONE, TO_CHAR / TO_DATE / TO_TIMESTAMP formats, ADD_MONTHS
 * (last day of month kept), MONTHS_BETWEEN, and month intervals added to dates.
 */
final class RedshiftDates {
  private RedshiftDates() {}

  /** Postgres/Redshift time zone abbreviations: fixed offsets, as Redshift applies them. */
  private static final Map<String, String> ZONE_ABBREVIATIONS =
      Map.ofEntries(
          Map.entry("UTC", "UTC"),
          Map.entry("GMT", "UTC"),
          Map.entry("Z", "UTC"),
          Map.entry("KST", "+09:00"),
          Map.entry("JST", "+09:00"),
          Map.entry("HKT", "+08:00"),
          Map.entry("SGT", "+08:00"),
          Map.entry("AWST", "+08:00"),
          Map.entry("IST", "+02:00"),
          Map.entry("CET", "+01:00"),
          Map.entry("CEST", "+02:00"),
          Map.entry("EET", "+02:00"),
          Map.entry("EEST", "+03:00"),
          Map.entry("WET", "+00:00"),
          Map.entry("BST", "+01:00"),
          Map.entry("MSK", "+03:00"),
          Map.entry("AEST", "+10:00"),
          Map.entry("AEDT", "+11:00"),
          Map.entry("NZST", "+12:00"),
          Map.entry("NZDT", "+13:00"),
          Map.entry("EST", "-05:00"),
          Map.entry("EDT", "-04:00"),
          Map.entry("CST", "-06:00"),
          Map.entry("CDT", "-05:00"),
          Map.entry("MST", "-07:00"),
          Map.entry("MDT", "-06:00"),
          Map.entry("PST", "-08:00"),
          Map.entry("PDT", "-07:00"),
          Map.entry("AKST", "-09:00"),
          Map.entry("HST", "-10:00"));

  /** The offset Redshift gives a zone abbreviation (UTC as "+00:00"). */
  static Optional<String> abbreviationOffset(String abbreviation) {
    String zone = ZONE_ABBREVIATIONS.get(abbreviation.toUpperCase(Locale.ROOT));
    return zone == null ? Optional.empty() : Optional.of(zone.equals("UTC") ? "+00:00" : zone);
  }

  /**
   * A date or time stamp argument: a string literal in one of Redshift's other forms becomes ISO
   * (Spark reads ISO text only).
   */
  static SqlNode moment(SqlNode node) {
    if (node instanceof SqlCharStringLiteral literal) {
      return RedshiftDateLiterals.iso(literal.getValueAs(String.class), false)
          .<SqlNode>map(SqlBuild::text)
          .orElse(node);
    }
    return node;
  }

  /** DATEADD(part, n, ts): Spark's TIMESTAMPADD. */
  static SqlNode dateAdd(List<SqlNode> args) throws SqlTranslationException {
    String unit = unit(args.get(0), "DATEADD");
    return fn("timestampadd", qualifier(args.get(0), unit), args.get(1), moment(args.get(2)));
  }

  /** DATEDIFF(part, a, b): the boundaries of {@code part} crossed, as Redshift counts them. */
  static SqlNode dateDiff(List<SqlNode> args) throws SqlTranslationException {
    String unit = unit(args.get(0), "DATEDIFF");
    return fn(
        "timestampdiff",
        qualifier(args.get(0), unit),
        fn("date_trunc", text(unit), moment(args.get(1))),
        fn("date_trunc", text(unit), moment(args.get(2))));
  }

  /**
   * ADD_MONTHS(d, n): a timestamp; when {@code d} is the last day of its month, so is the result
   * (Spark keeps the day of month where it can: 2008-04-30 + 1 month = 2008-05-30, Redshift 05-31).
   */
  static SqlNode addMonths(SqlCall call, List<SqlNode> arguments) throws SqlTranslationException {
    arity(call, 2, 2);
    List<SqlNode> args = List.of(moment(arguments.get(0)), arguments.get(1));
    SqlNode added =
        fn(
            "timestampadd",
            new SqlIntervalQualifier(TimeUnit.MONTH, null, POS),
            args.get(1),
            castTo(args.get(0), "TIMESTAMP"));
    return SqlBuild.when(
        SqlBuild.equal(castTo(args.get(0), "DATE"), fn("last_day", castTo(args.get(0), "DATE"))),
        fn(
            "timestampadd",
            new SqlIntervalQualifier(TimeUnit.DAY, null, POS),
            fn("datediff", fn("last_day", castTo(added, "DATE")), castTo(added, "DATE")),
            added),
        added);
  }

  /** MONTHS_BETWEEN(a, b): Spark's, on timestamps (the time of day counts in both). */
  static SqlNode monthsBetween(SqlCall call, List<SqlNode> args) throws SqlTranslationException {
    arity(call, 2, 2);
    return fn("months_between", castTo(args.get(0), "TIMESTAMP"), castTo(args.get(1), "TIMESTAMP"));
  }

  /**
   * {@code x + INTERVAL ...} or {@code x - INTERVAL ...}: months and years through TIMESTAMPADD
   * (the month's last day kept where the day does not exist, as Redshift does, and a timestamp as
   * the result, as Redshift gives); days to seconds on a timestamp, so that a date gives one too.
   */
  static Optional<SqlNode> intervalArithmetic(SqlCall call) {
    if ((call.getKind() != SqlKind.PLUS && call.getKind() != SqlKind.MINUS)
        || !(call.operand(1) instanceof SqlIntervalLiteral interval)
        || call.operand(0) instanceof SqlIntervalLiteral) {
      return Optional.empty();
    }
    SqlIntervalLiteral.IntervalValue value =
        interval.getValueAs(SqlIntervalLiteral.IntervalValue.class);
    TimeUnit start = value.getIntervalQualifier().getStartUnit();
    if (start == TimeUnit.YEAR || start == TimeUnit.MONTH) {
      Optional<Long> months = months(value);
      if (months.isEmpty()) {
        return Optional.empty();
      }
      long signed = call.getKind() == SqlKind.MINUS ? -months.get() : months.get();
      return Optional.of(
          fn(
              "timestampadd",
              new SqlIntervalQualifier(TimeUnit.MONTH, null, POS),
              number(signed),
              castTo(call.operand(0), "TIMESTAMP")));
    }
    SqlNode timestamp = castTo(call.operand(0), "TIMESTAMP");
    return Optional.of(
        call.getKind() == SqlKind.PLUS
            ? SqlBuild.plus(timestamp, interval)
            : SqlBuild.minus(timestamp, interval));
  }

  /** The months of a year-month interval literal ('2' YEAR, '1-6' YEAR TO MONTH, '7' MONTH). */
  private static Optional<Long> months(SqlIntervalLiteral.IntervalValue value) {
    String text = value.getIntervalLiteral().trim();
    long sign = value.getSign();
    SqlIntervalQualifier qualifier = value.getIntervalQualifier();
    try {
      if (qualifier.getStartUnit() == TimeUnit.YEAR && qualifier.getEndUnit() == TimeUnit.MONTH) {
        String[] parts = text.split("-");
        return Optional.of(sign * (Long.parseLong(parts[0]) * 12 + Long.parseLong(parts[1])));
      }
      long amount = Long.parseLong(text);
      return Optional.of(sign * (qualifier.getStartUnit() == TimeUnit.YEAR ? amount * 12 : amount));
    } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  static SqlNode convertTimezone(SqlCall call, List<SqlNode> args) throws SqlTranslationException {
    arity(call, 2, 3);
    // Redshift answers a TIMESTAMP without time zone: the wall clock in the target zone.
    if (args.size() == 2) {
      return castTo(
          fn("from_utc_timestamp", moment(args.get(1)), zone(args.get(0))), "TIMESTAMP_NTZ");
    }
    return castTo(
        fn(
            "from_utc_timestamp",
            fn("to_utc_timestamp", moment(args.get(2)), zone(args.get(0))),
            zone(args.get(1))),
        "TIMESTAMP_NTZ");
  }

  /**
   * A time zone argument: abbreviations become the fixed offsets Redshift gives them; POSIX-style
   * zones with an offset ('GMT+2' is two hours west of Greenwich in POSIX, east in Spark) are
   * refused rather than turned around.
   */
  private static SqlNode zone(SqlNode zone) throws SqlTranslationException {
    if (zone instanceof SqlCharStringLiteral literal) {
      String name = literal.getValueAs(String.class);
      if (name.matches("(?i)\\s*[a-z_/]+\\s*[+-]\\d.*")) {
        throw error(
            zone,
            "CONVERT_TIMEZONE with the POSIX-style zone '"
                + name
                + "' (its sign is the opposite of an offset's) has no Spark translation: write an"
                + " offset such as '+02:00' or a zone name such as 'Europe/Berlin'");
      }
      String mapped = ZONE_ABBREVIATIONS.get(name.toUpperCase(Locale.ROOT));
      return text(mapped != null ? mapped : name);
    }
    return zone;
  }

  static SqlNode extract(SqlNode part, SqlNode moment) throws SqlTranslationException {
    String unit = unit(part, "DATE_PART");
    SqlNode value = moment(moment);
    return switch (unit) {
      case "EPOCH" ->
          SqlBuild.divide(fn("unix_micros", castTo(value, "TIMESTAMP")), number("1000000.0"));
      case "DOW" -> SqlBuild.minus(fn("dayofweek", value), number(1));
      case "DOY" -> fn("dayofyear", value);
      case "WEEK" -> fn("weekofyear", value);
      case "YEAR", "QUARTER", "MONTH", "DAY", "HOUR", "MINUTE" ->
          fn(unit.toLowerCase(Locale.ROOT), value);
      case "SECOND" -> fn("second", value);
      case "CENTURY" -> fn("ceil", SqlBuild.divide(fn("year", value), number("100.0")));
      case "MILLENNIUM" -> fn("ceil", SqlBuild.divide(fn("year", value), number("1000.0")));
      case "DECADE" -> fn("floor", SqlBuild.divide(fn("year", value), number("10.0")));
      default ->
          throw error(
              part,
              "date part '"
                  + unit.toLowerCase(Locale.ROOT)
                  + "' of DATE_PART/EXTRACT has no Spark translation");
    };
  }

  /** TO_DATE / TO_TIMESTAMP with a Redshift format. */
  static SqlNode parse(SqlCall call, String name, List<SqlNode> args)
      throws SqlTranslationException {
    arity(call, 2, 2);
    String format = literal(args.get(1), name + " format");
    try {
      return fn(
          name.toLowerCase(Locale.ROOT), args.get(0), text(RedshiftFormats.parsePattern(format)));
    } catch (RedshiftFormats.UnsupportedToken e) {
      throw error(args.get(1), name + ": " + e.getMessage() + " has no Spark equivalent");
    }
  }

  static SqlNode toChar(SqlCall call, List<SqlNode> args) throws SqlTranslationException {
    arity(call, 2, 2);
    String format = literal(args.get(1), "TO_CHAR format");
    if (RedshiftFormats.numeric(format)) {
      return fn("to_char", args.get(0), args.get(1));
    }
    List<RedshiftFormats.Piece> pieces;
    try {
      pieces = RedshiftFormats.parse(format);
    } catch (RedshiftFormats.UnsupportedToken e) {
      throw error(args.get(1), "TO_CHAR: " + e.getMessage() + " has no Spark equivalent");
    }
    SqlNode value = args.get(0);
    List<SqlNode> parts = new ArrayList<>();
    StringBuilder pattern = new StringBuilder();
    StringBuilder plain = new StringBuilder();
    boolean letters = false;
    for (RedshiftFormats.Piece piece : pieces) {
      if (piece instanceof RedshiftFormats.Pattern p) {
        pattern.append(p.sparkPattern());
        plain.append(p.sparkPattern());
        letters = true;
      } else if (piece instanceof RedshiftFormats.Text t) {
        pattern.append(RedshiftFormats.quote(t.text()));
        plain.append(t.text());
      } else if (piece instanceof RedshiftFormats.Computed c) {
        flush(parts, value, pattern, plain, letters);
        letters = false;
        parts.add(computed(c, value));
      }
    }
    flush(parts, value, pattern, plain, letters);
    return parts.size() == 1 ? parts.get(0) : fn("concat", parts.toArray(SqlNode[]::new));
  }

  /**
   * A run of pattern letters and text: one date_format, or just the text when it has no letters.
   */
  private static void flush(
      List<SqlNode> parts,
      SqlNode value,
      StringBuilder pattern,
      StringBuilder plain,
      boolean letters) {
    if (pattern.length() > 0) {
      parts.add(
          letters ? fn("date_format", value, text(pattern.toString())) : text(plain.toString()));
    }
    pattern.setLength(0);
    plain.setLength(0);
  }

  private static SqlNode computed(RedshiftFormats.Computed c, SqlNode value) {
    SqlNode result =
        switch (c.kind()) {
          // The ISO year is the year of the week's Thursday (weekday: Monday 0 .. Sunday 6).
          case ISO_YEAR ->
              fn(
                  "year",
                  fn(
                      "date_add",
                      castTo(value, "DATE"),
                      SqlBuild.minus(number(3), fn("weekday", value))));
          case ISO_WEEK -> fn("weekofyear", value);
          case ISO_DAY_OF_WEEK -> SqlBuild.plus(fn("weekday", value), number(1));
          case DAY_OF_WEEK -> fn("dayofweek", value);
          case QUARTER -> fn("quarter", value);
          case WEEK_OF_YEAR ->
              SqlBuild.plus(
                  fn(
                      "floor",
                      SqlBuild.divide(
                          SqlBuild.minus(fn("dayofyear", value), number(1)), number(7))),
                  number(1));
          case UPPER, LOWER, NAME -> null;
        };
    if (result != null) {
      SqlNode asText = castTo(result, "STRING");
      int pad = c.kind() == RedshiftFormats.Computed.Kind.ISO_YEAR ? 4 : c.padTo();
      return pad > 0 ? fn("lpad", asText, number(pad), text("0")) : asText;
    }
    SqlNode name = fn("date_format", value, text(c.sparkPattern()));
    if (c.padTo() > 0) {
      name = fn("rpad", name, number(c.padTo()), text(" "));
    }
    return switch (c.kind()) {
      case UPPER -> fn("upper", name);
      case LOWER -> fn("lower", name);
      default -> name;
    };
  }

  /** The Spark unit of a date part argument (an interval qualifier or an identifier). */
  static String unit(SqlNode part, String function) throws SqlTranslationException {
    String written;
    if (part instanceof SqlIntervalQualifier qualifier) {
      written =
          qualifier.timeFrameName != null
              ? qualifier.timeFrameName
              : qualifier.timeUnitRange.startUnit.name();
    } else if (part instanceof SqlCharStringLiteral literal) {
      written = literal.getValueAs(String.class);
    } else if (part instanceof SqlIdentifier id && id.isSimple()) {
      written = id.getSimple();
    } else {
      throw error(part, function + " needs a date part such as day or 'hour'");
    }
    Optional<String> unit = RedshiftLexicon.datePart(written);
    if (unit.isEmpty()) {
      throw error(part, "unknown date part '" + written + "' in " + function);
    }
    return unit.get();
  }

  private static SqlNode qualifier(SqlNode at, String unit) throws SqlTranslationException {
    TimeUnit timeUnit;
    try {
      timeUnit = TimeUnit.valueOf(unit);
    } catch (IllegalArgumentException e) {
      throw error(at, "date part '" + unit.toLowerCase(Locale.ROOT) + "' has no Spark unit");
    }
    if (timeUnit == TimeUnit.MILLENNIUM
        || timeUnit == TimeUnit.CENTURY
        || timeUnit == TimeUnit.DECADE) {
      throw error(at, "date part '" + unit.toLowerCase(Locale.ROOT) + "' has no Spark unit");
    }
    return new SqlIntervalQualifier(timeUnit, null, POS);
  }

  /** DATE_TRUNC's unit, with Redshift's aliases spelled the way Spark knows them. */
  static SqlNode truncUnit(SqlNode unit) throws SqlTranslationException {
    if (!(unit instanceof SqlCharStringLiteral)) {
      return unit;
    }
    return text(unit(unit, "DATE_TRUNC"));
  }
}
