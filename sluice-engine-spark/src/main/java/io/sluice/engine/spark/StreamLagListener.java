package io.sluice.engine.spark;

import io.sluice.core.run.StreamLag;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;

/**
 * Hears one streaming query's progress on Spark's listener bus and passes on how far its source is
 * behind (a Kafka source reports {@code maxOffsetsBehindLatest}, {@code minOffsetsBehindLatest} and
 * {@code avgOffsetsBehindLatest} over its partitions after each micro-batch). Registered before the
 * query starts, it takes the first query of its name that starts and removes itself once that
 * query's end has been heard, after its last progress.
 */
final class StreamLagListener extends StreamingQueryListener {
  private final SparkSession spark;
  private final String queryName;
  private final String source;
  private final Consumer<StreamLag> lag;
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile java.util.UUID queryId;

  private StreamLagListener(
      SparkSession spark, String queryName, String source, Consumer<StreamLag> lag) {
    this.spark = spark;
    this.queryName = queryName;
    this.source = source;
    this.lag = lag;
  }

  /** Listens for the query named {@code queryName} reading {@code source}. */
  static StreamLagListener register(
      SparkSession spark, String queryName, String source, Consumer<StreamLag> lag) {
    StreamLagListener listener = new StreamLagListener(spark, queryName, source, lag);
    spark.streams().addListener(listener);
    return listener;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    if (queryId == null && queryName.equals(event.name())) {
      queryId = event.id();
    }
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    if (!event.progress().id().equals(queryId)) {
      return;
    }
    for (SourceProgress progress : event.progress().sources()) {
      lag(progress.metrics()).ifPresent(lag);
    }
  }

  @Override
  public void onQueryIdle(QueryIdleEvent event) {}

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.id().equals(queryId)) {
      remove();
    }
  }

  /**
   * Waits, at most {@code wait}, until the query's end has been heard: every progress it made has
   * been passed on by then (the bus delivers in order).
   */
  void awaitEnd(Duration wait) throws InterruptedException {
    if (!ended.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      remove();
    }
  }

  /** Stops listening (the query did not start, or its end was not heard in time). */
  void remove() {
    spark.streams().removeListener(this);
    ended.countDown();
  }

  /** The lag in a source's metrics, when it reports one. */
  java.util.Optional<StreamLag> lag(Map<String, String> metrics) {
    String max = metrics.get("maxOffsetsBehindLatest");
    if (max == null) {
      return java.util.Optional.empty();
    }
    long most = (long) Double.parseDouble(max);
    return java.util.Optional.of(
        new StreamLag(
            source,
            most,
            (long) Double.parseDouble(metrics.getOrDefault("minOffsetsBehindLatest", max)),
            Double.parseDouble(metrics.getOrDefault("avgOffsetsBehindLatest", max))));
  }
}
