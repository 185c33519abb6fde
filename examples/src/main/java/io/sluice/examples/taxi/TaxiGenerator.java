package io.sluice.examples.taxi;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * Writes rows of the Kaggle NYC taxi fare {@code train.csv}: {@code key, fare_amount,
 * pickup_datetime, pickup_longitude, pickup_latitude, dropoff_longitude, dropoff_latitude,
 * passenger_count}, from 2009 to June 2015, streamed (any size, the full 55 million included) and
 * repeatable for a seed.
 *
 * <p>Pickups cluster where New York's cabs pick up (Midtown, downtown, the Upper East and West
 * Sides, Brooklyn, the airports) at the hours the real sample shows; trip lengths follow its
 * distance distribution; fares follow the meter of the day ({@link TaxiFareMeter}) with traffic
 * noise and flat airport fares. The real file's dirt is there at the sample's rates: zero
 * coordinates, swapped latitude and longitude, far-off points, negative fares, passenger counts of
 * 0 and above 200, missing dropoffs, and trips that go nowhere.
 */
public final class TaxiGenerator {
  public static final String HEADER =
      "key,fare_amount,pickup_datetime,pickup_longitude,pickup_latitude,"
          + "dropoff_longitude,dropoff_latitude,passenger_count";
  static final LocalDate FIRST_DAY = LocalDate.of(2009, 1, 1);
  static final LocalDate LAST_DAY = LocalDate.of(2015, 6, 30);
  static final double CENTRE_LON = -74.0063889;
  static final double CENTRE_LAT = 40.7141667;

  /** Pickups per hour of day, in proportion to the real sample's. */
  private static final double[] HOURS = {
    179, 149, 110, 93, 62, 48, 98, 199, 239, 250, 205, 250, 253, 249, 255, 212, 205, 219, 324, 283,
    293, 285, 287, 252
  };

  /** Where trips start: longitude, latitude, spread (degrees), weight. */
  private static final double[][] ZONES = {
    {-73.9822, 40.7570, 0.0110, 33}, // Midtown
    {-73.9990, 40.7370, 0.0090, 16}, // Chelsea, the Village
    {-73.9590, 40.7740, 0.0090, 13}, // Upper East Side
    {-73.9760, 40.7850, 0.0090, 10}, // Upper West Side
    {-74.0080, 40.7140, 0.0070, 10}, // downtown, Financial District
    {-73.9450, 40.8100, 0.0120, 3}, // Harlem
    {-73.9600, 40.6900, 0.0220, 4}, // Brooklyn
    {-73.9250, 40.7500, 0.0180, 2}, // Queens
  };

  static final double[] JFK = {-73.7822, 40.6441};
  static final double[] LGA = {-73.8726, 40.7740};
  static final double[] EWR = {-74.1745, 40.6895};

  /** Passenger counts and their share of the real sample's trips. */
  private static final int[] PASSENGERS = {1, 2, 3, 4, 5, 6, 0};

  private static final double[] PASSENGER_WEIGHTS = {3544, 720, 218, 84, 322, 95, 16};

  private static final double MILES_PER_DEGREE_LAT = 69.05;
  private static final double MILES_PER_DEGREE_LON = 52.35;

  private final SplittableRandom random;
  private final double zoneWeight;
  private final double hourWeight;
  private final double passengerWeight;
  private long counter;

  public TaxiGenerator(long seed) {
    this.random = new SplittableRandom(seed);
    double zones = 0;
    for (double[] zone : ZONES) {
      zones += zone[3];
    }
    this.zoneWeight = zones;
    double hours = 0;
    for (double h : HOURS) {
      hours += h;
    }
    this.hourWeight = hours;
    double passengers = 0;
    for (double p : PASSENGER_WEIGHTS) {
      passengers += p;
    }
    this.passengerWeight = passengers;
  }

  /** Writes {@code rows} trips of 2009 to mid-2015, in no order, with a header line. */
  public long write(Path output, long rows) throws IOException {
    long days = ChronoUnit.DAYS.between(FIRST_DAY, LAST_DAY) + 1;
    return write(output, rows, () -> FIRST_DAY.plusDays(random.nextLong(days)));
  }

  /** Writes {@code rows} trips of one day, as a daily drop of new trips would bring them. */
  public long writeDay(Path output, LocalDate day, long rows) throws IOException {
    return write(output, rows, () -> day);
  }

  private long write(Path output, long rows, java.util.function.Supplier<LocalDate> days)
      throws IOException {
    Path parent = output.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer writer =
        new BufferedWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8), 1 << 20)) {
      writer.write(HEADER);
      writer.write('\n');
      StringBuilder line = new StringBuilder(160);
      for (long i = 0; i < rows; i++) {
        line.setLength(0);
        trip(days.get(), line);
        line.append('\n');
        writer.append(line);
      }
    }
    return rows;
  }

  /** Appends one trip on {@code day} as a CSV line (no newline). */
  void trip(LocalDate day, StringBuilder line) {
    LocalDateTime at = day.atStartOfDay().plusHours(hour()).plusSeconds(random.nextInt(3600));
    double[] pickup;
    double[] dropoff;
    double airport = random.nextDouble();
    boolean jfk = false;
    boolean newark = false;
    if (airport < 0.012) {
      pickup = near(JFK, 0.004);
      dropoff = zonePoint();
      jfk = true;
    } else if (airport < 0.024) {
      pickup = zonePoint();
      dropoff = near(JFK, 0.004);
      jfk = true;
    } else if (airport < 0.044) {
      boolean from = random.nextBoolean();
      pickup = from ? near(LGA, 0.003) : zonePoint();
      dropoff = from ? zonePoint() : near(LGA, 0.003);
    } else if (airport < 0.047) {
      pickup = zonePoint();
      dropoff = near(EWR, 0.004);
      newark = true;
    } else {
      pickup = zonePoint();
      dropoff = random.nextDouble() < 0.012 ? pickup.clone() : local(pickup);
    }
    double fare = fare(at, pickup, dropoff, jfk, newark);
    int passengers = passengers();
    dirty(pickup, dropoff);
    double dirt = random.nextDouble();
    if (dirt < 0.0004) {
      fare = -fare; // refunds and disputes show as negative fares
    } else if (dirt < 0.0005) {
      fare = 0;
    }
    String pickupText = timestamp(at);
    line.append(pickupText).append(".000000").append(++counter).append(',');
    appendDecimal(line, fare, 2);
    line.append(',').append(pickupText).append(" UTC,");
    appendDecimal(line, pickup[0], 6);
    line.append(',');
    appendDecimal(line, pickup[1], 6);
    line.append(',');
    if (random.nextDouble() < 0.00002) {
      line.append(",,"); // a trip with no dropoff recorded
    } else {
      appendDecimal(line, dropoff[0], 6);
      line.append(',');
      appendDecimal(line, dropoff[1], 6);
      line.append(',');
    }
    line.append(passengers);
  }

  private int hour() {
    double pick = random.nextDouble() * hourWeight;
    for (int h = 0; h < HOURS.length; h++) {
      pick -= HOURS[h];
      if (pick < 0) {
        return h;
      }
    }
    return 23;
  }

  private double[] zonePoint() {
    double pick = random.nextDouble() * zoneWeight;
    double[] zone = ZONES[ZONES.length - 1];
    for (double[] z : ZONES) {
      pick -= z[3];
      if (pick < 0) {
        zone = z;
        break;
      }
    }
    return near(new double[] {zone[0], zone[1]}, zone[2]);
  }

  private double[] near(double[] point, double spread) {
    return new double[] {point[0] + gaussian() * spread * 1.3, point[1] + gaussian() * spread};
  }

  /** A dropoff a lognormal distance away (median 1.3 miles), mostly along Manhattan's avenues. */
  private double[] local(double[] pickup) {
    double miles = 1.3 * Math.exp(0.8 * gaussian());
    double angle =
        random.nextDouble() < 0.6
            ? Math.toRadians(29) + (random.nextBoolean() ? 0 : Math.PI) + gaussian() * 0.35
            : random.nextDouble() * 2 * Math.PI;
    return new double[] {
      pickup[0] + miles * Math.sin(angle) / MILES_PER_DEGREE_LON,
      pickup[1] + miles * Math.cos(angle) / MILES_PER_DEGREE_LAT
    };
  }

  private double fare(
      LocalDateTime at, double[] pickup, double[] dropoff, boolean jfk, boolean newark) {
    LocalDate day = at.toLocalDate();
    if (jfk && random.nextDouble() < 0.85) {
      double tolls = random.nextDouble() < 0.4 ? TaxiFareMeter.airportTolls(day) : 0;
      return TaxiFareMeter.jfkFlat(day) + tolls;
    }
    double miles = haversineMiles(pickup[0], pickup[1], dropoff[0], dropoff[1]);
    double road = miles * (1.5 + 0.15 * Math.abs(gaussian())) + 0.8 * random.nextDouble();
    double speed = TaxiFareMeter.speedMph(at) * Math.exp(0.25 * gaussian());
    double minutes = road / speed * 60 + 3 + 4 * random.nextDouble();
    double slowShare = Math.min(0.9, Math.max(0.02, 0.1 + 0.1 * gaussian()));
    double fare = TaxiFareMeter.metered(day, road, minutes * slowShare);
    if (newark) {
      fare += TaxiFareMeter.newarkSurcharge(day);
    }
    return fare;
  }

  private int passengers() {
    if (random.nextDouble() < 0.000004) {
      return 208; // the real file has a few hundred such counts
    }
    double pick = random.nextDouble() * passengerWeight;
    for (int i = 0; i < PASSENGERS.length; i++) {
      pick -= PASSENGER_WEIGHTS[i];
      if (pick < 0) {
        return PASSENGERS[i];
      }
    }
    return 1;
  }

  /** The coordinate dirt of the real file, at its rates. */
  private void dirty(double[] pickup, double[] dropoff) {
    double dirt = random.nextDouble();
    if (dirt < 0.016) {
      pickup[0] = 0;
      pickup[1] = 0;
      dropoff[0] = 0;
      dropoff[1] = 0;
    } else if (dirt < 0.020) {
      dropoff[0] = 0;
      dropoff[1] = 0;
    } else if (dirt < 0.0206) {
      double lon = pickup[0]; // latitude and longitude swapped
      pickup[0] = pickup[1];
      pickup[1] = lon;
    } else if (dirt < 0.0214) {
      dropoff[0] = dropoff[0] * 10; // a digit too many: far outside New York
    }
  }

  /** Great-circle distance in miles, the seed's formula. */
  public static double haversineMiles(double lon1, double lat1, double lon2, double lat2) {
    double p = Math.PI / 180;
    double a =
        0.5
            - Math.cos((lat2 - lat1) * p) / 2
            + Math.cos(lat1 * p) * Math.cos(lat2 * p) * (1 - Math.cos((lon2 - lon1) * p)) / 2;
    return 0.6213712 * 12742 * Math.asin(Math.sqrt(a));
  }

  private double gaussian() {
    // Marsaglia's polar method: SplittableRandom has no nextGaussian on Java 17
    double u;
    double v;
    double s;
    do {
      u = random.nextDouble() * 2 - 1;
      v = random.nextDouble() * 2 - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }

  private static String timestamp(LocalDateTime at) {
    StringBuilder text = new StringBuilder(19);
    text.append(at.getYear()).append('-');
    two(text, at.getMonthValue()).append('-');
    two(text, at.getDayOfMonth()).append(' ');
    two(text, at.getHour()).append(':');
    two(text, at.getMinute()).append(':');
    two(text, at.getSecond());
    return text.toString();
  }

  private static StringBuilder two(StringBuilder text, int value) {
    if (value < 10) {
      text.append('0');
    }
    return text.append(value);
  }

  /** {@code value} with at most {@code digits} decimals and no trailing zeros, as the file has. */
  static void appendDecimal(StringBuilder line, double value, int digits) {
    long scale = digits == 2 ? 100 : 1_000_000;
    long scaled = Math.round(Math.abs(value) * scale);
    if (value < 0 && scaled != 0) {
      line.append('-');
    }
    line.append(scaled / scale);
    long fraction = scaled % scale;
    if (fraction == 0) {
      if (digits == 2) {
        line.append(".0");
      }
      return;
    }
    line.append('.');
    String text = Long.toString(fraction + scale).substring(1);
    int end = text.length();
    while (end > 1 && text.charAt(end - 1) == '0') {
      end--;
    }
    line.append(text, 0, end);
  }
}
