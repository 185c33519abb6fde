package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where the lake and run store are and how Spark runs, after the profile is applied. */
public record EngineSettings(
    String lake, String sparkMaster, Map<String, String> sparkConf, String runStore) {
  public EngineSettings {
    requireNonNull(lake, "lake is null");
    requireNonNull(sparkMaster, "sparkMaster is null");
    requireNonNull(runStore, "runStore is null");
    sparkConf = Collections.unmodifiableMap(new LinkedHashMap<>(sparkConf));
  }
}
