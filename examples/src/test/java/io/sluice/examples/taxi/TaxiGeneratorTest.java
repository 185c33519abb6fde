package io.sluice.examples.taxi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.sluice.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated trips against the real Kaggle sample (4,999 rows of {@code train.csv}): the same
 * fares, distances, hours, years and passenger counts by distribution, the same dirt at similar
 * rates, and the meter rules of each era.
 */
class TaxiGeneratorTest {
  @TempDir static Path folder;
  static List<Trip> generated;

  /** One parsed row; NaN where a cell is empty. */
  record Trip(
      String key,
      double fare,
      String pickupAt,
      double pickupLon,
      double pickupLat,
      double dropoffLon,
      double dropoffLat,
      int passengers) {
    int year() {
      return Integer.parseInt(pickupAt.substring(0, 4));
    }

    int hour() {
      return Integer.parseInt(pickupAt.substring(11, 13));
    }

    boolean inNewYork() {
      return inBox(pickupLon, pickupLat) && inBox(dropoffLon, dropoffLat);
    }

    double miles() {
      return TaxiGenerator.haversineMiles(pickupLon, pickupLat, dropoffLon, dropoffLat);
    }

    static boolean inBox(double lon, double lat) {
      return lon >= -74.5 && lon <= -72.8 && lat >= 40.5 && lat <= 41.8;
    }
  }

  @BeforeAll
  static void generate() throws IOException {
    Path file = folder.resolve("train.csv");
    new TaxiGenerator(7).write(file, 100_000);
    generated = read(file);
  }

  static List<Trip> read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines.get(0)).isEqualTo(TaxiGenerator.HEADER);
    List<Trip> trips = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertThat(cells).as(line).hasSize(8);
      trips.add(
          new Trip(
              cells[0],
              Double.parseDouble(cells[1]),
              cells[2],
              number(cells[3]),
              number(cells[4]),
              number(cells[5]),
              number(cells[6]),
              Integer.parseInt(cells[7])));
    }
    return trips;
  }

  private static double number(String cell) {
    return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
  }

  @Test
  void writesTheKaggleLayout() throws IOException {
    Trip first = generated.get(0);
    assertThat(first.pickupAt()).matches("20(09|1[0-5])-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC");
    assertThat(first.key()).startsWith(first.pickupAt().substring(0, 19) + ".");
    assertThat(generated.stream().map(Trip::key).distinct().count()).isEqualTo(generated.size());
    assertThat(generated).allMatch(t -> t.pickupAt().compareTo("2015-07-01") < 0);
    Path again = folder.resolve("again.csv");
    new TaxiGenerator(7).write(again, 1000);
    assertThat(Files.readAllLines(again).subList(1, 1001))
        .as("the same seed writes the same rows")
        .isEqualTo(Files.readAllLines(folder.resolve("train.csv")).subList(1, 1001));
  }

  @Test
  void followsTheRealSamplesDistributions() throws IOException {
    List<Trip> real = read(SharedData.require("taxi/stsuchi_train_sample_5000.csv"));
    List<Trip> realClean = real.stream().filter(Trip::inNewYork).toList();
    List<Trip> generatedClean = generated.stream().filter(Trip::inNewYork).toList();
    // Kolmogorov-Smirnov distances between the samples' distributions
    assertThat(ks(realClean, generatedClean, Trip::fare)).as("fares").isLessThan(0.08);
    assertThat(ks(realClean, generatedClean, Trip::miles)).as("distances").isLessThan(0.08);
    assertThat(totalVariation(real, generated, Trip::hour, 24)).as("hours").isLessThan(0.06);
    assertThat(totalVariation(real, generated, t -> t.year() - 2009, 7))
        .as("years")
        .isLessThan(0.05);
    assertThat(totalVariation(real, generated, t -> Math.min(t.passengers(), 7), 8))
        .as("passenger counts")
        .isLessThan(0.04);
    double median = quantile(generatedClean, Trip::fare, 0.5);
    assertThat(median).isBetween(quantile(realClean, Trip::fare, 0.45), 9.5);
  }

  @Test
  void carriesTheRealFilesDirtAtItsRates() {
    double n = generated.size();
    long zeros = generated.stream().filter(t -> t.pickupLon() == 0 || t.dropoffLon() == 0).count();
    long swapped = generated.stream().filter(t -> t.pickupLon() > 40 && t.pickupLon() < 42).count();
    long negative = generated.stream().filter(t -> t.fare() < 0).count();
    long noPassengers = generated.stream().filter(t -> t.passengers() == 0).count();
    long missing = generated.stream().filter(t -> Double.isNaN(t.dropoffLon())).count();
    long nowhere = generated.stream().filter(Trip::inNewYork).filter(t -> t.miles() < 0.05).count();
    // the real sample: 102 of 4,999 with a zero coordinate (2.0%), 3 swapped, 2 negative, 16 with 0
    assertThat(zeros / n).isBetween(0.015, 0.025);
    assertThat(swapped / n).isBetween(0.0003, 0.0012);
    assertThat(negative / n).isBetween(0.0001, 0.0008);
    assertThat(noPassengers / n).isBetween(0.0015, 0.005);
    assertThat(missing).isLessThan(20);
    assertThat(nowhere / n).isBetween(0.005, 0.03);
  }

  @Test
  void chargesTheMeterOfItsEra() {
    LocalDate before = LocalDate.of(2012, 9, 3);
    LocalDate after = LocalDate.of(2012, 9, 4);
    assertThat(TaxiFareMeter.metered(before, 1.0, 4.0)).isEqualTo(5.30);
    assertThat(TaxiFareMeter.metered(after, 1.0, 4.0)).isEqualTo(7.0);
    // metered fares come in the era's steps: 40 cents, then 50 cents, from $2.50
    for (Trip trip : generated) {
      if (trip.fare() <= 0 || trip.fare() >= 45 || !trip.inNewYork() || trip.dropoffLon() < -74.1) {
        continue;
      }
      // (Newark trips, west of -74.1, carry a surcharge on top of the meter)
      double step = trip.pickupAt().compareTo("2012-09-04") < 0 ? 0.40 : 0.50;
      double units = (trip.fare() - 2.50) / step;
      assertThat(Math.abs(units - Math.rint(units)))
          .as("%s: %s is not 2.50 plus steps of %s", trip.key(), trip.fare(), step)
          .isLessThan(1e-6);
    }
    assertThat(generated.stream().filter(t -> t.fare() == 52.0 || t.fare() == 57.33).count())
        .as("flat JFK fares after September 2012")
        .isGreaterThan(200);
  }

  @Test
  void writesOneDayForTheDailyDrops() throws IOException {
    Path day = folder.resolve("day.csv");
    new TaxiGenerator(3).writeDay(day, LocalDate.of(2015, 6, 1), 500);
    List<Trip> trips = read(day);
    assertThat(trips).hasSize(500).allMatch(t -> t.pickupAt().startsWith("2015-06-01 "));
  }

  @Test
  void writesDecimalsAsTheFileDoes() {
    assertThat(decimal(-73.84161, 6)).isEqualTo("-73.84161");
    assertThat(decimal(40.7, 6)).isEqualTo("40.7");
    assertThat(decimal(0, 6)).isEqualTo("0");
    assertThat(decimal(4.5, 2)).isEqualTo("4.5");
    assertThat(decimal(52, 2)).isEqualTo("52.0");
    assertThat(decimal(-3.3, 2)).isEqualTo("-3.3");
    assertThat(decimal(57.33, 2)).isEqualTo("57.33");
  }

  private static String decimal(double value, int digits) {
    StringBuilder text = new StringBuilder();
    TaxiGenerator.appendDecimal(text, value, digits);
    return text.toString();
  }

  static double ks(List<Trip> a, List<Trip> b, ToDoubleFunction<Trip> value) {
    double[] x = a.stream().mapToDouble(value).sorted().toArray();
    double[] y = b.stream().mapToDouble(value).sorted().toArray();
    double worst = 0;
    for (double v : concat(x, y)) {
      double fx = upper(x, v) / (double) x.length;
      double fy = upper(y, v) / (double) y.length;
      worst = Math.max(worst, Math.abs(fx - fy));
    }
    return worst;
  }

  private static double[] concat(double[] x, double[] y) {
    double[] all = Arrays.copyOf(x, x.length + y.length);
    System.arraycopy(y, 0, all, x.length, y.length);
    return all;
  }

  /** How many of the sorted {@code values} are at most {@code v}. */
  private static int upper(double[] values, double v) {
    int low = 0;
    int high = values.length;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (values[mid] <= v) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  static double totalVariation(
      List<Trip> a, List<Trip> b, java.util.function.ToIntFunction<Trip> bucket, int buckets) {
    double[] pa = shares(a, bucket, buckets);
    double[] pb = shares(b, bucket, buckets);
    double sum = 0;
    for (int i = 0; i < buckets; i++) {
      sum += Math.abs(pa[i] - pb[i]);
    }
    return sum / 2;
  }

  private static double[] shares(
      List<Trip> trips, java.util.function.ToIntFunction<Trip> bucket, int buckets) {
    double[] shares = new double[buckets];
    trips.forEach(t -> shares[bucket.applyAsInt(t)] += 1.0 / trips.size());
    return shares;
  }

  static double quantile(List<Trip> trips, ToDoubleFunction<Trip> value, double q) {
    double[] sorted = trips.stream().mapToDouble(value).sorted().toArray();
    return sorted[(int) (q * (sorted.length - 1))];
  }

  @Test
  void matchesTheRealQuantilesOfFaresAndDistances() throws IOException {
    List<Trip> real =
        read(SharedData.require("taxi/stsuchi_train_sample_5000.csv")).stream()
            .filter(Trip::inNewYork)
            .toList();
    List<Trip> mine = generated.stream().filter(Trip::inNewYork).toList();
    for (double q : new double[] {0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
      double realFare = quantile(real, Trip::fare, q);
      double realMiles = quantile(real, Trip::miles, q);
      String where = String.format(Locale.ROOT, "quantile %.2f", q);
      assertThat(quantile(mine, Trip::fare, q))
          .as("fare " + where)
          .isCloseTo(realFare, withinPercentage(12));
      assertThat(quantile(mine, Trip::miles, q))
          .as("miles " + where)
          .isCloseTo(realMiles, withinPercentage(12));
    }
  }

  @Test
  void followsTheFareChangeOfSeptember2012() throws IOException {
    List<Trip> real = read(SharedData.require("taxi/stsuchi_train_sample_5000.csv"));
    for (boolean before : new boolean[] {true, false}) {
      double realMean = eraMean(real, before);
      double mine = eraMean(generated, before);
      System.out.printf(
          Locale.ROOT, "era before=%s real %.2f generated %.2f%n", before, realMean, mine);
      assertThat(mine)
          .as(before ? "mean fare until 3 September 2012" : "mean fare from 4 September 2012")
          .isCloseTo(realMean, withinPercentage(7));
    }
  }

  /** Mean metered fare of trips of 0.5 to 15 miles in New York, before or after the change. */
  private static double eraMean(List<Trip> trips, boolean before) {
    return trips.stream()
        .filter(Trip::inNewYork)
        .filter(t -> t.miles() > 0.5 && t.miles() < 15 && t.fare() > 0 && t.fare() < 45)
        .filter(t -> (t.pickupAt().compareTo("2012-09-04") < 0) == before)
        .mapToDouble(Trip::fare)
        .average()
        .orElseThrow();
  }
}
