package io.sluice.spec.yaml;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A sequence of nodes. */
public record YamlSeq(List<YamlNode> items, Position position) implements YamlNode {
  public YamlSeq {
    requireNonNull(position, "position is null");
    items = List.copyOf(items);
  }

  @Override
  public String kind() {
    return "a list";
  }
}
