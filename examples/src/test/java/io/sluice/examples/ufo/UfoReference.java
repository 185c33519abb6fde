package io.sluice.examples.ufo;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * An independent computation of the UFO gold tables in plain Java over the same CSV, with the
 * cleaning rules of the pipeline's documentation written again from scratch: no Spark, no SQL.
 */
final class UfoReference {
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("M/d/yyyy H:mm", Locale.ROOT);
  private static final Pattern LAST_PARENTHESIS = Pattern.compile("\\(([^()]*)\\)\\s*$");

  /** One cleaned sighting. */
  record Sighting(
      LocalDateTime sightedAt,
      String city,
      String state,
      String country,
      String shape,
      Double duration,
      Double latitude,
      Double longitude) {}

  final List<Sighting> silver = new ArrayList<>();
  long quarantined;
  long input;

  UfoReference(Path csv) throws IOException {
    try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      for (CSVRecord record :
          CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader)) {
        input++;
        Map<String, String> row = new HashMap<>();
        record.toMap().forEach((key, value) -> row.put(key.trim(), value));
        Double latitude = number(row.get("latitude"));
        Double longitude = number(row.get("longitude"));
        Double duration = number(row.get("duration (seconds)"));
        boolean badNumber =
            (latitude == null && !blank(row.get("latitude")))
                || (longitude == null && !blank(row.get("longitude")))
                || (duration == null && !blank(row.get("duration (seconds)")));
        boolean outOfRange =
            latitude != null
                && longitude != null
                && (Math.abs(latitude) > 90 || Math.abs(longitude) > 180);
        if (badNumber || outOfRange) {
          quarantined++;
          continue;
        }
        String city = row.get("city").trim().toLowerCase(Locale.ROOT);
        silver.add(
            new Sighting(
                time(row.get("datetime").trim()),
                city,
                upperOrNull(row.get("state")),
                country(row.get("country"), row.get("city")),
                lowerOrNull(row.get("shape")),
                duration,
                latitude,
                longitude));
      }
    }
  }

  static LocalDateTime time(String text) {
    if (text.matches("[0-9]+(\\.[0-9]+)?")) {
      double days = Double.parseDouble(text);
      return LocalDate.of(1899, 12, 30).atStartOfDay().plusSeconds(Math.round(days * 86400));
    }
    try {
      if (text.matches(".* 24:[0-9]{2}")) {
        return LocalDateTime.parse(text.replace(" 24:", " 0:"), DATETIME).plusDays(1);
      }
      return LocalDateTime.parse(text, DATETIME);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String country(String column, String city) {
    if (!blank(column)) {
      return column.trim().toUpperCase(Locale.ROOT);
    }
    String lowerCity = city.toLowerCase(Locale.ROOT);
    if (lowerCity.contains("north korea")) {
      return "KP";
    }
    if (lowerCity.contains("korea")) {
      return "KR";
    }
    Matcher matcher = LAST_PARENTHESIS.matcher(city);
    String place = matcher.find() ? matcher.group(1).trim().toLowerCase(Locale.ROOT) : "";
    if (place.equals("uk")
        || place.startsWith("uk/")
        || List.of("england", "scotland", "wales", "united kingdom").contains(place)) {
      return "GB";
    }
    return switch (place) {
      case "canada" -> "CA";
      case "australia" -> "AU";
      case "germany" -> "DE";
      case "mexico" -> "MX";
      default -> null;
    };
  }

  private static Double number(String text) {
    if (blank(text)) {
      return null;
    }
    try {
      return Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private static String upperOrNull(String text) {
    return blank(text) ? null : text.trim().toUpperCase(Locale.ROOT);
  }

  private static String lowerOrNull(String text) {
    return blank(text) ? null : text.trim().toLowerCase(Locale.ROOT);
  }

  private static String orNotReported(String text) {
    return text == null ? "not reported" : text;
  }

  // ------------------------------------------------------------------ gold tables, as sorted text
  // rows

  List<String> byCountry() {
    Map<String, Long> counts = new TreeMap<>();
    silver.forEach(s -> counts.merge(orNotReported(s.country()), 1L, Long::sum));
    return rows(counts);
  }

  List<String> byLocation() {
    Map<String, Long> counts = new TreeMap<>();
    silver.forEach(
        s ->
            counts.merge(
                orNotReported(s.country()) + "|" + s.state() + "|" + s.city(), 1L, Long::sum));
    return rows(counts);
  }

  List<String> byMonth() {
    Map<String, Long> counts = new TreeMap<>();
    silver.stream()
        .filter(s -> s.sightedAt() != null)
        .forEach(
            s ->
                counts.merge(
                    orNotReported(s.country())
                        + "|"
                        + s.city()
                        + "|"
                        + s.sightedAt().getMonthValue(),
                    1L,
                    Long::sum));
    return ranked(counts);
  }

  List<String> byShape() {
    Map<String, Long> counts = new TreeMap<>();
    silver.forEach(s -> counts.merge(orNotReported(s.shape()), 1L, Long::sum));
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    List<String> result = new ArrayList<>();
    counts.forEach(
        (shape, count) ->
            result.add(
                shape
                    + "|"
                    + count
                    + "|"
                    + BigDecimal.valueOf(100L * count)
                        .divide(BigDecimal.valueOf(total), 6, RoundingMode.HALF_UP)
                        .setScale(2, RoundingMode.HALF_UP)
                        .stripTrailingZeros()
                        .toPlainString()));
    result.sort(null);
    return result;
  }

  List<String> durationByCountry() {
    Map<String, double[]> totals = new TreeMap<>();
    for (Sighting s : silver) {
      double[] t =
          totals.computeIfAbsent(
              orNotReported(s.country()), k -> new double[] {Double.NEGATIVE_INFINITY, 0});
      if (s.duration() != null) {
        t[0] = Math.max(t[0], s.duration());
        t[1] += s.duration();
      }
    }
    Map<String, Long> byTotal = new TreeMap<>();
    totals.forEach((country, t) -> byTotal.put(country, Math.round(t[1] * 1000)));
    List<String> ranked = ranked(byTotal);
    List<String> result = new ArrayList<>();
    for (String row : ranked) {
      String[] parts = row.split("\\|");
      double[] t = totals.get(parts[0]);
      long total = (long) Math.floor(t[1]);
      result.add(
          parts[0]
              + "|"
              + format(t[0])
              + "|"
              + format(t[1])
              + "|"
              + (total / 3600)
              + "h "
              + ((total % 3600) / 60)
              + "m|"
              + parts[2]);
    }
    result.sort(null);
    return result;
  }

  List<String> korea() {
    return silver.stream()
        .filter(s -> "KR".equals(s.country()))
        .map(s -> s.city() + "|" + s.shape())
        .sorted()
        .toList();
  }

  static String format(double value) {
    return BigDecimal.valueOf(value)
        .setScale(3, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static List<String> rows(Map<String, Long> counts) {
    List<String> result = new ArrayList<>();
    counts.forEach((key, count) -> result.add(key + "|" + count));
    result.sort(null);
    return result;
  }

  /** key|count|rank with RANK() semantics over count descending. */
  private static List<String> ranked(Map<String, Long> counts) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
    List<String> result = new ArrayList<>();
    int rank = 0;
    for (int i = 0; i < entries.size(); i++) {
      if (i == 0 || !entries.get(i).getValue().equals(entries.get(i - 1).getValue())) {
        rank = i + 1;
      }
      result.add(entries.get(i).getKey() + "|" + entries.get(i).getValue() + "|" + rank);
    }
    result.sort(null);
    return result;
  }
}
