package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.yaml.Position;
import io.sluice.spec.yaml.YamlMap;

/**
 * A source: its connector type and its connector options as written (validated against the
 * connector's declared options by the core validator).
 */
public record SourceSpec(
    String name, String type, YamlMap options, Position position, Position typePosition) {
  public SourceSpec {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(options, "options is null");
    requireNonNull(position, "position is null");
    requireNonNull(typePosition, "typePosition is null");
  }
}
