package io.sluice.spec.yaml;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A mapping with string keys in file order; each entry keeps the position of its key. */
public record YamlMap(Map<String, Entry> entries, Position position) implements YamlNode {
  public YamlMap {
    requireNonNull(position, "position is null");
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public Optional<YamlNode> get(String key) {
    return Optional.ofNullable(entries.get(key)).map(Entry::value);
  }

  public Optional<Entry> entry(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  @Override
  public String kind() {
    return "a mapping";
  }

  /** One key and its value. */
  public record Entry(String key, Position keyPosition, YamlNode value) {
    public Entry {
      requireNonNull(key, "key is null");
      requireNonNull(keyPosition, "keyPosition is null");
      requireNonNull(value, "value is null");
    }
  }
}
