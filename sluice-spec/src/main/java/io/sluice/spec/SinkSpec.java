package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.yaml.Position;
import io.sluice.spec.yaml.YamlMap;
import io.sluice.spi.WriteMode;
import java.util.List;

/** A sink: which dataset it writes, how, and its connector options as written. */
public record SinkSpec(
    String name,
    String type,
    String from,
    WriteMode mode,
    List<String> keys,
    YamlMap options,
    Position position,
    Position typePosition,
    Position fromPosition,
    java.util.Optional<ReconcileSpec> reconcile) {
  public SinkSpec {
    requireNonNull(reconcile, "reconcile is null");
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(from, "from is null");
    requireNonNull(mode, "mode is null");
    keys = List.copyOf(keys);
    requireNonNull(options, "options is null");
    requireNonNull(position, "position is null");
    requireNonNull(typePosition, "typePosition is null");
    requireNonNull(fromPosition, "fromPosition is null");
  }
}
