package io.sluice.server.ingest;

import java.time.Clock;
import java.time.Duration;

/**
 * The Idempotency-Keys of a stream's requests, so that a retried request gets the first answer
 * instead of being written again, and the same key with other records is refused. A key is claimed
 * by {@link #begin} (while its request runs, others with it get 409), then either {@link
 * #succeeded} (its answer kept for the stream's window) or {@link #failed} (freed for a retry).
 * Each key remembers the fingerprint of its request's records.
 *
 * <p>{@link #inMemory} keeps them in a bounded map of one process; {@link #durable} keeps them in
 * the run store's database, so that they survive a restart and are shared by every {@code sluice
 * serve} of the same store.
 */
public interface IdempotencyKeys extends AutoCloseable {
  /** A stored answer. */
  record Answer(int status, String body) {}

  /**
   * What happened to a key: never seen or expired (and now claimed), running, answered, or used by
   * a request with other records.
   */
  sealed interface Lookup permits Fresh, Running, Answered, Reused {}

  /** The key was free and is now claimed by the caller. */
  record Fresh() implements Lookup {}

  /** Another request with this key and these records is being written. */
  record Running() implements Lookup {}

  /** A request with this key and these records was answered. */
  record Answered(Answer answer) implements Lookup {}

  /** The key was used by a request with other records. */
  record Reused() implements Lookup {}

  /**
   * Looks up (and, if free, claims) {@code key} of {@code stream} for records of {@code
   * fingerprint}.
   */
  Lookup begin(String stream, String key, String fingerprint);

  /** The claimed key's request was written: replay {@code answer} for {@code window}. */
  void succeeded(String stream, String key, String fingerprint, Answer answer, Duration window);

  /** The claimed key's request failed: free the key for a retry. */
  void failed(String stream, String key);

  @Override
  default void close() {}

  /**
   * Keys in this process's memory: at most {@code capacity} (the oldest go first); a claim not
   * settled within {@code claimLease} is taken as abandoned.
   */
  static IdempotencyKeys inMemory(int capacity, Duration claimLease, Clock clock) {
    return new IdempotencyCache(capacity, claimLease, clock);
  }

  /**
   * Keys in the run store's database at {@code runStoreUrl} (an H2 file shared between processes,
   * or PostgreSQL); a claim not settled within {@code claimLease} (a server that died while
   * writing) may be taken by a retry.
   */
  static IdempotencyKeys durable(String runStoreUrl, Duration claimLease, Clock clock) {
    return JdbcIdempotencyKeys.open(runStoreUrl, claimLease, clock);
  }
}
