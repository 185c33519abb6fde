package io.sluice.spec.yaml;

/** A YAML node that remembers where it stands in its file. */
public sealed interface YamlNode permits YamlScalar, YamlMap, YamlSeq {
  Position position();

  /** A short name of the node's kind for messages: "a string", "a mapping", "a list". */
  String kind();
}
