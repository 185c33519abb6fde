package io.sluice.spi.spark;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.WriteMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What a sink is told about the write it performs, and the services of the run. */
public record SinkContext(
    String sinkName,
    String runId,
    WriteMode mode,
    List<String> keys,
    Map<String, String> services) {
  public SinkContext {
    requireNonNull(sinkName, "sinkName is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(mode, "mode is null");
    keys = List.copyOf(keys);
    services = Map.copyOf(services);
  }

  public SinkContext(String sinkName, String runId, WriteMode mode, List<String> keys) {
    this(sinkName, runId, mode, keys, Map.of());
  }

  public Optional<String> service(String key) {
    return Optional.ofNullable(services.get(key));
  }
}
