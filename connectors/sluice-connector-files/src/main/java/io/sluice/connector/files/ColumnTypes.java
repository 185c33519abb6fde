package io.sluice.connector.files;

import java.util.Locale;
import java.util.regex.Pattern;

/** Recognises the Spark SQL type names a pipeline may declare for a column. */
public final class ColumnTypes {
  public static final String EXAMPLES =
      "string, int, bigint, double, float, boolean, date, timestamp, decimal(p,s)";
  private static final Pattern KNOWN =
      Pattern.compile(
          "string|int|integer|bigint|long|smallint|tinyint|short|byte|double|float|real|boolean|bool|date|timestamp"
              + "|timestamp_ntz|binary|decimal(\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\))?");

  private ColumnTypes() {}

  public static boolean isKnown(String type) {
    return KNOWN.matcher(type.trim().toLowerCase(Locale.ROOT)).matches();
  }

  public static boolean isString(String type) {
    return type.trim().equalsIgnoreCase("string");
  }
}
