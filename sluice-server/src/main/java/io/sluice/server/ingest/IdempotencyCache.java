package io.sluice.server.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Responses of completed requests by (stream, Idempotency-Key), so that a retried request gets the
 * first answer instead of being written again; also marks keys whose request is still running.
 * Bounded: the oldest entries go first past {@code capacity}, and entries expire after {@code ttl}.
 * Only successes are kept: a request that failed may be retried and is written then (its records
 * carry the same Kafka keys, so a streaming dataset with keys keeps one copy). Each key remembers
 * the fingerprint of its request's records: the same key with other records is a client error
 * (payment APIs answer it 422), never a silent replay of the first answer.
 */
final class IdempotencyCache {
  /** A stored answer. */
  record Answer(int status, String body) {}

  private record Entry(String fingerprint, Optional<Answer> answer, long expiresAtMillis) {}

  private final int capacity;
  private final Duration ttl;
  private final Clock clock;
  private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, false);

  IdempotencyCache(int capacity, Duration ttl, Clock clock) {
    this.capacity = capacity;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * What happened to a key: never seen (and now marked running), running, answered, or used by a
   * request with other records.
   */
  sealed interface Lookup permits Fresh, Running, Answered, Reused {}

  record Fresh() implements Lookup {}

  record Running() implements Lookup {}

  record Answered(Answer answer) implements Lookup {}

  record Reused() implements Lookup {}

  /** Looks {@code key} up for a request whose records have {@code fingerprint}. */
  synchronized Lookup begin(String key, String fingerprint) {
    long now = clock.millis();
    Entry entry = entries.get(key);
    if (entry != null && entry.expiresAtMillis() > now) {
      if (!entry.fingerprint().equals(fingerprint)) {
        return new Reused();
      }
      return entry.answer().<Lookup>map(Answered::new).orElseGet(Running::new);
    }
    entries.remove(key);
    entries.put(key, new Entry(fingerprint, Optional.empty(), now + ttl.toMillis()));
    evict(now);
    return new Fresh();
  }

  synchronized void succeeded(String key, String fingerprint, Answer answer) {
    entries.put(key, new Entry(fingerprint, Optional.of(answer), clock.millis() + ttl.toMillis()));
  }

  synchronized void failed(String key) {
    entries.remove(key);
  }

  synchronized int size() {
    return entries.size();
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
