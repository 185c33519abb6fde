package io.sluice.engine.spark;

import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SensorConnector;
import io.sluice.spi.spark.SparkSensor;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code dataset} sensor: waits until a lake table (written by this pipeline's earlier runs or
 * by another pipeline on the same lake) has rows for a partition or condition, such as {@code ds =
 * '${ds}'}.
 */
public final class DatasetSensorFactory implements SensorConnector {
  public static final Option<String> TABLE =
      Option.key("table").stringType().required().description("The lake table: namespace.table.");
  public static final Option<String> WHERE =
      Option.key("where")
          .stringType()
          .defaultValue("true")
          .description("A SQL condition on its rows, such as \"ds = '${ds}'\" (a partition).");
  public static final Option<Long> MIN_ROWS =
      Option.key("min_rows").longType().defaultValue(1L).description("How many rows must match.");

  @Override
  public String id() {
    return "dataset";
  }

  @Override
  public String description() {
    return "Sensor: waits until a lake table has rows matching a condition (a partition)";
  }

  @Override
  public List<Option<?>> sensorOptions() {
    return List.of(TABLE, WHERE, MIN_ROWS);
  }

  @Override
  public SparkSensor createSensor(ResolvedOptions options) {
    String table = options.get(TABLE);
    String where = options.get(WHERE);
    long min = options.get(MIN_ROWS);
    return new SparkSensor() {
      @Override
      public String describe() {
        return min + " row(s) of lake table " + table + " where " + where;
      }

      @Override
      public boolean poke(SparkSession spark, Map<String, String> services) {
        String qualified = LakeTables.qualified(table);
        if (!spark.catalog().tableExists(qualified)) {
          return false; // not written yet
        }
        try {
          spark.sql("REFRESH TABLE " + qualified);
          return spark
                  .table(qualified)
                  .where(where)
                  .limit((int) Math.min(min, Integer.MAX_VALUE))
                  .count()
              >= min;
        } catch (Exception e) { // Spark's AnalysisException is checked but undeclared
          // a condition that does not fit the table would never hold: fail now, not at the timeout
          throw new io.sluice.spi.SluiceException(
              io.sluice.spi.ErrorCode.INVALID_VALUE,
              "Cannot evaluate sensor condition '"
                  + where
                  + "' on lake table "
                  + table
                  + ": "
                  + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
              e);
        }
      }
    };
  }
}
