package io.sluice.server.console;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Query results kept by a key that includes the snapshot ids of the tables they read: a result is
 * computed once per commit and served from memory until the next one. The least recently used go
 * first past {@code capacity}.
 */
final class ResultCache<V> {
  private final Map<Object, V> entries;

  ResultCache(int capacity) {
    this.entries =
        Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<Object, V> eldest) {
                return size() > capacity;
              }
            });
  }

  /** The value kept for {@code key}, else {@code compute}'s (kept unless it throws). */
  V get(Object key, Supplier<V> compute) {
    V kept = entries.get(key);
    if (kept != null) {
      return kept;
    }
    V value = compute.get();
    entries.put(key, value);
    return value;
  }

  boolean contains(Object key) {
    return entries.containsKey(key);
  }
}
