package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the lake, the run store and Kafka are and how Spark runs, after the profile is applied.
 * {@code kafka} is {@value #EMBEDDED_KAFKA} (a broker started by Sluice under .sluice/kafka) or
 * bootstrap servers.
 */
public record EngineSettings(
    String lake, String sparkMaster, Map<String, String> sparkConf, String runStore, String kafka) {
  public static final String EMBEDDED_KAFKA = "embedded";

  public EngineSettings {
    requireNonNull(lake, "lake is null");
    requireNonNull(sparkMaster, "sparkMaster is null");
    requireNonNull(runStore, "runStore is null");
    requireNonNull(kafka, "kafka is null");
    sparkConf = Collections.unmodifiableMap(new LinkedHashMap<>(sparkConf));
  }

  public EngineSettings(
      String lake, String sparkMaster, Map<String, String> sparkConf, String runStore) {
    this(lake, sparkMaster, sparkConf, runStore, EMBEDDED_KAFKA);
  }

  /** The settings of a pipeline file that names none: the defaults of the option constants. */
  public static EngineSettings defaults() {
    return new EngineSettings(
        FormatOptions.LAKE.defaultValue().orElseThrow(),
        FormatOptions.SPARK_MASTER.defaultValue().orElseThrow(),
        Map.of(),
        FormatOptions.RUN_STORE.defaultValue().orElseThrow(),
        FormatOptions.KAFKA.defaultValue().orElseThrow());
  }

  public boolean embeddedKafka() {
    return kafka.equals(EMBEDDED_KAFKA);
  }
}
