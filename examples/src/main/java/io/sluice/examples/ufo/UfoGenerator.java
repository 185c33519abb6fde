package io.sluice.examples.ufo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes a NUFORC-like "scrubbed" CSV with the original's 11 columns and its dirt: a header {@code
 * longitude } with a trailing space, spreadsheet serial numbers in place of some datetimes, {@code
 * 24:00} times, HTML entities such as {@code &#44} in comments, empty countries whose city names
 * the country in parentheses, and a few unparseable latitudes such as {@code 33q.200088}.
 */
public final class UfoGenerator {
  static final String HEADER =
      "datetime,city,state,country,shape,duration (seconds),duration (hours/min),comments,date posted,latitude,longitude ";

  /** One place: city, state, country ("" when NUFORC left it empty), coordinates, weight. */
  record Place(
      String city, String state, String country, double latitude, double longitude, int weight) {}

  static final List<Place> PLACES =
      List.of(
          new Place("seattle", "wa", "us", 47.6063889, -122.3308333, 40),
          new Place("phoenix", "az", "us", 33.4483333, -112.0733333, 34),
          new Place("portland", "or", "us", 45.5236111, -122.675, 28),
          new Place("las vegas", "nv", "us", 36.175, -115.1363889, 26),
          new Place("los angeles", "ca", "us", 34.0522222, -118.2427778, 26),
          new Place("san diego", "ca", "us", 32.7152778, -117.1563889, 24),
          new Place("houston", "tx", "us", 29.7630556, -95.3630556, 18),
          new Place("chicago", "il", "us", 41.85, -87.65, 18),
          new Place("tucson", "az", "us", 32.2216667, -110.9258333, 16),
          new Place("miami", "fl", "us", 25.7738889, -80.1938889, 15),
          new Place("orlando", "fl", "us", 28.5380556, -81.3794444, 14),
          new Place("austin", "tx", "us", 30.2669444, -97.7427778, 12),
          new Place("new york city", "ny", "us", 40.7141667, -74.0063889, 14),
          new Place("albuquerque", "nm", "us", 35.0844444, -106.6505556, 12),
          new Place("denver", "co", "us", 39.7391667, -104.9841667, 11),
          new Place("sacramento", "ca", "us", 38.5816667, -121.4933333, 11),
          new Place("san jose", "ca", "us", 37.3394444, -121.8938889, 10),
          new Place("columbus", "oh", "us", 39.9611111, -82.9988889, 9),
          new Place("atlanta", "ga", "us", 33.7488889, -84.3880556, 9),
          new Place("boston", "ma", "us", 42.3583333, -71.0602778, 8),
          new Place("san marcos", "tx", "us", 29.8830556, -97.9411111, 3),
          new Place("norwalk", "ct", "us", 41.1175, -73.4083333, 3),
          new Place("lexington", "nc", "us", 35.8238889, -80.2536111, 3),
          new Place("burlington", "wv", "us", 39.3375, -78.9183333, 2),
          new Place("toronto (canada)", "on", "", 43.666667, -79.416667, 6),
          new Place("vancouver (canada)", "bc", "", 49.25, -123.133333, 5),
          new Place("calgary", "ab", "ca", 51.083333, -114.083333, 4),
          new Place("montreal", "qc", "ca", 45.5, -73.583333, 3),
          new Place("london (uk/england)", "", "", 51.514125, -0.093689, 5),
          new Place("sheffield (uk/england)", "", "gb", 53.366667, -1.5, 2),
          new Place("glasgow (uk/scotland)", "", "", 55.833333, -4.25, 2),
          new Place("penarth (uk/wales)", "", "gb", 51.434722, -3.18, 1),
          new Place("sydney (australia)", "", "", -33.861481, 151.205475, 3),
          new Place("perth", "wa", "au", -31.952222, 115.858889, 2),
          new Place("berlin (germany)", "", "", 52.516667, 13.4, 2),
          new Place("munich", "", "de", 48.15, 11.583333, 1),
          new Place("mexico city (mexico)", "", "", 19.434167, -99.138611, 2),
          new Place("seoul (south korea)", "", "", 37.566535, 126.977969, 1),
          new Place("busan (south korea)", "", "", 35.179554, 129.075642, 1),
          new Place("gimhae (kimhae) (south korea)", "", "", 35.228545, 128.889352, 1));

  static final List<String> SHAPES =
      List.of(
          "light",
          "light",
          "light",
          "light",
          "triangle",
          "triangle",
          "circle",
          "circle",
          "fireball",
          "fireball",
          "other",
          "unknown",
          "sphere",
          "disk",
          "oval",
          "formation",
          "cigar",
          "changing",
          "diamond",
          "cylinder",
          "flash",
          "rectangle",
          "chevron",
          "teardrop",
          "egg",
          "cone",
          "cross",
          "");

  private static final String[] PHRASES = {
    "bright light moving slowly across the sky",
        "three lights in a triangle formation&#44 no sound",
    "orange orb hovered then shot away at incredible speed&#33",
        "it wasn&#39t a plane or a helicopter",
    "disc shaped object with blinking lights&#44 seen by my wife and me", "silent&#44 low and fast",
    "changing colors from red to green &amp; white", "object disappeared behind the clouds&#8230;",
    "we watched it for several minutes before it vanished",
        "a &quot;cigar&quot; shaped craft over the lake"
  };

  private final SplittableRandom random;
  private final int totalWeight;

  public UfoGenerator(long seed) {
    this.random = new SplittableRandom(seed);
    this.totalWeight = PLACES.stream().mapToInt(Place::weight).sum();
  }

  /** Writes {@code rows} data rows and the header to {@code path}; returns the rows written. */
  public long write(Path path, long rows) throws IOException {
    Path parent = path.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      write(out, rows);
    }
    return rows;
  }

  void write(Writer out, long rows) throws IOException {
    out.write(HEADER);
    out.write('\n');
    StringBuilder line = new StringBuilder(256);
    for (long i = 0; i < rows; i++) {
      line.setLength(0);
      row(line);
      line.append('\n');
      out.write(line.toString());
    }
  }

  private void row(StringBuilder line) {
    Place place = place();
    LocalDateTime when =
        LocalDateTime.of(1950, 1, 1, 0, 0)
            .plusDays(skewedDays())
            .plusMinutes(random.nextInt(24 * 60));
    if (random.nextInt(5) < 2) { // sightings cluster in the evening
      when = when.withHour(19 + random.nextInt(5));
    }
    String datetime;
    int dirt = random.nextInt(1000);
    if (dirt < 8) { // spreadsheet serial number, days since 1899-12-30
      datetime =
          Long.toString(ChronoUnit.DAYS.between(LocalDate.of(1899, 12, 30), when.toLocalDate()));
    } else if (dirt < 11) {
      datetime =
          String.format(
              Locale.ROOT,
              "%d/%d/%d 24:00",
              when.getMonthValue(),
              when.getDayOfMonth(),
              when.getYear());
    } else {
      datetime =
          String.format(
              Locale.ROOT,
              "%d/%d/%d %d:%02d",
              when.getMonthValue(),
              when.getDayOfMonth(),
              when.getYear(),
              when.getHour(),
              when.getMinute());
    }
    double seconds = durationSeconds();
    String secondsText =
        seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    LocalDate posted = when.toLocalDate().plusDays(3 + random.nextInt(900));
    String latitude = coordinate(place.latitude());
    if (random.nextInt(10_000) < 2) {
      latitude = latitude.substring(0, 2) + "q" + latitude.substring(2);
    }
    line.append(datetime)
        .append(',')
        .append(csv(place.city()))
        .append(',')
        .append(place.state())
        .append(',')
        .append(place.country())
        .append(',')
        .append(SHAPES.get(random.nextInt(SHAPES.size())))
        .append(',')
        .append(secondsText)
        .append(',')
        .append(csv(durationText(seconds)))
        .append(',')
        .append(csv(comment()))
        .append(',')
        .append(posted.getMonthValue())
        .append('/')
        .append(posted.getDayOfMonth())
        .append('/')
        .append(posted.getYear())
        .append(',')
        .append(latitude)
        .append(',')
        .append(coordinate(place.longitude()));
  }

  private Place place() {
    int pick = random.nextInt(totalWeight);
    for (Place place : PLACES) {
      pick -= place.weight();
      if (pick < 0) {
        return place;
      }
    }
    return PLACES.get(0);
  }

  /** More recent years are more frequent, as in NUFORC. */
  private long skewedDays() {
    double u = Math.sqrt(random.nextDouble());
    return (long) (u * ChronoUnit.DAYS.between(LocalDate.of(1950, 1, 1), LocalDate.of(2014, 5, 1)));
  }

  private double durationSeconds() {
    int kind = random.nextInt(100);
    if (kind < 3) {
      return 0.5;
    }
    if (kind < 60) {
      return 5 * (1 + random.nextInt(60));
    }
    if (kind < 95) {
      return 60 * (1 + random.nextInt(60));
    }
    return 3600 * (1 + random.nextInt(12));
  }

  private static String durationText(double seconds) {
    if (seconds < 60) {
      return seconds < 1 ? "half a second" : (long) seconds + " seconds";
    }
    if (seconds < 3600) {
      return (long) (seconds / 60) + " minutes";
    }
    return (long) (seconds / 3600) + " hours";
  }

  private String comment() {
    String text = PHRASES[random.nextInt(PHRASES.length)];
    return random.nextInt(4) == 0 ? text + " " + PHRASES[random.nextInt(PHRASES.length)] : text;
  }

  private String coordinate(double value) {
    return String.format(Locale.ROOT, "%.7f", value + (random.nextDouble() - 0.5) * 0.02);
  }

  private static String csv(String value) {
    if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0) {
      return '"' + value.replace("\"", "\"\"") + '"';
    }
    return value;
  }
}
