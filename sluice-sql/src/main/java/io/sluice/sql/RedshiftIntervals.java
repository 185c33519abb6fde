package io.sluice.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postgres interval literals as Redshift takes them ({@code '3 hours, 35 minutes'}, {@code '1w, 1h,
 * 1m, 1s'}, {@code '0.5 days'}, {@code '52 weeks'}) in the standard form Calcite and Spark read:
 * one unit ({@code INTERVAL '7' DAY}), days to seconds ({@code INTERVAL '0 03:35:00' DAY TO
 * SECOND}) or months ({@code INTERVAL '4' MONTH}).
 */
final class RedshiftIntervals {
  private RedshiftIntervals() {}

  private static final Pattern PART =
      Pattern.compile("\\s*([-+]?\\d+(?:\\.\\d+)?)\\s*([A-Za-z]+)\\s*,?");

  /** The replacement of {@code INTERVAL 'body'}: standard SQL, a marker, or the literal as is. */
  static String literal(String body) {
    BigDecimal seconds = BigDecimal.ZERO;
    long months = 0;
    boolean anyTime = false;
    Matcher m = PART.matcher(body);
    int end = 0;
    while (m.lookingAt()) {
      Optional<String> unit = RedshiftLexicon.datePart(m.group(2));
      if (unit.isEmpty()) {
        return original(body);
      }
      BigDecimal amount = new BigDecimal(m.group(1));
      switch (unit.get()) {
        case "YEAR", "MONTH" -> {
          if (amount.stripTrailingZeros().scale() > 0) {
            return unsupported("a fractional number of months or years in INTERVAL '" + body + "'");
          }
          months += amount.longValueExact() * (unit.get().equals("YEAR") ? 12 : 1);
        }
        case "WEEK" -> seconds = seconds.add(amount.multiply(BigDecimal.valueOf(7 * 86_400)));
        case "DAY" -> seconds = seconds.add(amount.multiply(BigDecimal.valueOf(86_400)));
        case "HOUR" -> seconds = seconds.add(amount.multiply(BigDecimal.valueOf(3_600)));
        case "MINUTE" -> seconds = seconds.add(amount.multiply(BigDecimal.valueOf(60)));
        case "SECOND" -> seconds = seconds.add(amount);
        case "MILLISECOND" -> seconds = seconds.add(amount.movePointLeft(3));
        case "MICROSECOND" -> seconds = seconds.add(amount.movePointLeft(6));
        default -> {
          return unsupported("the unit '" + m.group(2) + "' in INTERVAL '" + body + "'");
        }
      }
      if (!unit.get().equals("YEAR") && !unit.get().equals("MONTH")) {
        anyTime = true;
      }
      end = m.end();
      m.region(end, body.length());
    }
    if (end == 0 || !body.substring(end).isBlank()) {
      return original(body);
    }
    if (months != 0 && anyTime) {
      return unsupported(
          "INTERVAL '" + body + "' (months and days in one interval: add two intervals)");
    }
    if (!anyTime) {
      return "INTERVAL '" + months + "' MONTH";
    }
    return dayToSecond(seconds);
  }

  private static String dayToSecond(BigDecimal total) {
    String sign = total.signum() < 0 ? "-" : "";
    BigDecimal rest = total.abs();
    long days = rest.divide(BigDecimal.valueOf(86_400), 0, RoundingMode.DOWN).longValueExact();
    rest = rest.subtract(BigDecimal.valueOf(days * 86_400));
    if (rest.signum() == 0) {
      return "INTERVAL '" + sign + days + "' DAY";
    }
    long hours = rest.divide(BigDecimal.valueOf(3_600), 0, RoundingMode.DOWN).longValueExact();
    rest = rest.subtract(BigDecimal.valueOf(hours * 3_600));
    long minutes = rest.divide(BigDecimal.valueOf(60), 0, RoundingMode.DOWN).longValueExact();
    BigDecimal secs = rest.subtract(BigDecimal.valueOf(minutes * 60)).stripTrailingZeros();
    String secondText = secs.scale() > 0 ? secs.toPlainString() : String.valueOf(secs.longValue());
    if (secs.compareTo(BigDecimal.TEN) < 0) {
      secondText = "0" + secondText;
    }
    return String.format(
        java.util.Locale.ROOT,
        "INTERVAL '%s%d %02d:%02d:%s' DAY TO SECOND",
        sign,
        days,
        hours,
        minutes,
        secondText);
  }

  private static String original(String body) {
    return "INTERVAL '" + body + "'";
  }

  private static String unsupported(String what) {
    return RedshiftCalls.UNSUPPORTED + "('" + what.replace("'", "''") + "')";
  }
}
