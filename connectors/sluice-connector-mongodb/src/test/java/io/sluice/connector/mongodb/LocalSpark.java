package io.sluice.connector.mongodb;

import org.apache.spark.sql.SparkSession;

/** The Spark session of this module's integration tests: two local cores on 127.0.0.1, in UTC. */
final class LocalSpark {
  private LocalSpark() {}

  static SparkSession start(String name) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(name)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate();
  }
}
