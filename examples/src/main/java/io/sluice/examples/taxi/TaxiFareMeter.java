package io.sluice.examples.taxi;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The New York yellow-cab meter of 2009-2015, as the TLC set it. Until 3 September 2012: $2.50 on
 * entry, then 40 cents per fifth of a mile or per two minutes below 12 mph, JFK-Manhattan at a flat
 * $45. From 4 September 2012: 50 cents per fifth of a mile or per minute in slow traffic, JFK at a
 * flat $52 and $17.50 on trips to Newark. The meter's {@code fare_amount} leaves out the night (50
 * cents, 8 pm-6 am) and weekday peak ($1, 4-8 pm) surcharges, which NYC bills separately, but
 * airport fares often include the tolls, as in the Kaggle file.
 */
final class TaxiFareMeter {
  static final LocalDate FARE_CHANGE = LocalDate.of(2012, 9, 4);
  static final double INITIAL = 2.50;

  private TaxiFareMeter() {}

  /** The cost of one unit (a fifth of a mile, or the slow-traffic time that counts as one). */
  static double unit(LocalDate day) {
    return day.isBefore(FARE_CHANGE) ? 0.40 : 0.50;
  }

  /** Minutes in slow traffic that cost one unit. */
  static double slowMinutesPerUnit(LocalDate day) {
    return day.isBefore(FARE_CHANGE) ? 2.0 : 1.0;
  }

  /** JFK to or from Manhattan, flat. */
  static double jfkFlat(LocalDate day) {
    return day.isBefore(FARE_CHANGE) ? 45.0 : 52.0;
  }

  /** The tolls an airport trip often carries in the data (Midtown tunnel or the bridges). */
  static double airportTolls(LocalDate day) {
    return day.isBefore(FARE_CHANGE) ? 4.80 : 5.33;
  }

  /** Newark's surcharge on top of the metered fare. */
  static double newarkSurcharge(LocalDate day) {
    return day.isBefore(FARE_CHANGE) ? 15.0 : 17.50;
  }

  /** The metered fare for a trip of {@code roadMiles} with {@code slowMinutes} below 12 mph. */
  static double metered(LocalDate day, double roadMiles, double slowMinutes) {
    long units =
        (long) Math.floor(roadMiles * 5.0)
            + (long) Math.floor(slowMinutes / slowMinutesPerUnit(day));
    return Math.round((INITIAL + units * unit(day)) * 100) / 100.0;
  }

  /** Average speed of a cab at that hour (mph): slowest at the weekday peaks, fastest at night. */
  static double speedMph(LocalDateTime at) {
    int hour = at.getHour();
    boolean weekend =
        at.getDayOfWeek() == DayOfWeek.SATURDAY || at.getDayOfWeek() == DayOfWeek.SUNDAY;
    if (hour < 6) {
      return 19.0;
    }
    if (hour < 8 || hour >= 21) {
      return 15.0;
    }
    if (!weekend && (hour < 10 || (hour >= 16 && hour < 19))) {
      return 9.5;
    }
    return 11.5;
  }
}
