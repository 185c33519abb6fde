package io.sluice.spi;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Option values after validation: every value has the Java type its {@link Option} declares, and
 * defaults are applied on read. Instances are small and serializable so they can travel to
 * executors.
 */
public final class ResolvedOptions implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, Object> values;

  public ResolvedOptions(Map<String, Object> values) {
    requireNonNull(values, "values is null");
    this.values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The value of {@code option}, or its default; empty when neither exists. */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> find(Option<T> option) {
    Object value = values.get(option.key());
    if (value == null) {
      return option.defaultValue();
    }
    return Optional.of((T) value);
  }

  /** The value of {@code option} or its default; fails when neither exists. */
  public <T> T get(Option<T> option) {
    return find(option)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Cannot read option " + option.key() + ": no value and no default"));
  }

  public boolean contains(Option<?> option) {
    return values.containsKey(option.key());
  }

  public Map<String, Object> asMap() {
    return values;
  }

  @Override
  public String toString() {
    return values.keySet().toString();
  }
}
