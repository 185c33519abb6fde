package io.sluice.engine.spark;

import java.util.Map;

/**
 * One micro-batch of one streaming query, as recorded in the summary of the Iceberg snapshots it
 * commits. The query id is Spark's, kept in the checkpoint: stable across restarts of the query.
 */
record StreamCommit(String queryId, long batchId) {
  static final String QUERY_ID = "sluice.stream-query-id";
  static final String BATCH_ID = "sluice.stream-batch-id";

  Map<String, String> properties() {
    return Map.of(QUERY_ID, queryId, BATCH_ID, Long.toString(batchId));
  }
}
