package io.sluice.connector.http;

import java.util.concurrent.CompletableFuture;

/** Where fetched pages go: a Kafka topic or a staging file. */
interface PageSink extends AutoCloseable {
  /** Writes one page's message; completes with its position once it is durable. */
  CompletableFuture<CrawlCheckpoint.Position> write(long page, byte[] message);

  /** Adds to {@code checkpoint} the pages whose messages landed after its last line. */
  void recover(CrawlCheckpoint checkpoint, PageRanges ranges);

  @Override
  void close();
}
