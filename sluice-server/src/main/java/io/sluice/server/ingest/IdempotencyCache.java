package io.sluice.server.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link IdempotencyKeys} in one process's memory: bounded, the oldest entries go first past {@code
 * capacity}, and every entry expires (a claim after its lease, an answer after its window). Only
 * successes are kept: a request that failed may be retried and is written then.
 */
final class IdempotencyCache implements IdempotencyKeys {
  private record Entry(String fingerprint, Optional<Answer> answer, long expiresAtMillis) {}

  private final int capacity;
  private final Duration claimLease;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, false);

  IdempotencyCache(int capacity, Duration claimLease, Clock clock) {
    this.capacity = capacity;
    this.claimLease = claimLease;
    this.clock = clock;
  }

  @Override
  public synchronized Lookup begin(String stream, String key, String fingerprint) {
    String id = id(stream, key);
    long now = clock.millis();
    Entry entry = entries.get(id);
    if (entry != null && entry.expiresAtMillis() > now) {
      if (!entry.fingerprint().equals(fingerprint)) {
        return new Reused();
      }
      return entry.answer().<Lookup>map(Answered::new).orElseGet(Running::new);
    }
    entries.remove(id);
    entries.put(id, new Entry(fingerprint, Optional.empty(), now + claimLease.toMillis()));
    evict(now);
    return new Fresh();
  }

  @Override
  public synchronized void succeeded(
      String stream, String key, String fingerprint, Answer answer, Duration window) {
    String id = id(stream, key);
    entries.remove(id); // re-inserted last: the eviction order follows expiry
    entries.put(
        id, new Entry(fingerprint, Optional.of(answer), clock.millis() + window.toMillis()));
    evict(clock.millis());
  }

  @Override
  public synchronized void failed(String stream, String key) {
    entries.remove(id(stream, key));
  }

  synchronized int size() {
    return entries.size();
  }

  private static String id(String stream, String key) {
    return stream + '\u0000' + key;
  }

  private void evict(long now) {
    var iterator = entries.entrySet().iterator();
    while (iterator.hasNext()) {
      Map.Entry<String, Entry> oldest = iterator.next();
      if (entries.size() > capacity || oldest.getValue().expiresAtMillis() <= now) {
        iterator.remove();
      } else {
        break;
      }
    }
  }
}
