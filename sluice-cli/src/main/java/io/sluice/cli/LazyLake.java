package io.sluice.cli;

import io.sluice.core.browse.LakeBrowser;
import io.sluice.core.browse.QueryResult;
import io.sluice.core.browse.TableInfo;
import io.sluice.engine.spark.SparkLakeBrowser;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.spec.EngineSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * The console's lake, with its Spark session started on first use: the pipelines and runs pages
 * answer at once, and the first lake page pays the session's start.
 */
final class LazyLake implements LakeBrowser, AutoCloseable {
  private final EngineSettings settings;
  private final Duration timeout;
  private SparkSession spark;
  private SparkLakeBrowser browser;

  LazyLake(EngineSettings settings, Duration timeout) {
    this.settings = settings;
    this.timeout = timeout;
  }

  private synchronized LakeBrowser browser() {
    if (browser == null) {
      spark = SparkSessions.create("sluice-console", settings);
      browser = new SparkLakeBrowser(spark, timeout);
    }
    return browser;
  }

  @Override
  public List<String> tables() {
    return browser().tables();
  }

  @Override
  public TableInfo table(String name) {
    return browser().table(name);
  }

  @Override
  public QueryResult sample(String table, Optional<Long> snapshot, int limit) {
    return browser().sample(table, snapshot, limit);
  }

  @Override
  public QueryResult quarantine(
      String dataset, Optional<String> reason, Optional<String> runId, int limit) {
    return browser().quarantine(dataset, reason, runId, limit);
  }

  @Override
  public QueryResult query(String sql, java.util.Map<String, Object> args, int limit) {
    return browser().query(sql, args, limit);
  }

  @Override
  public java.util.Map<String, Long> versions(java.util.Collection<String> tables) {
    return browser().versions(tables);
  }

  @Override
  public synchronized void close() {
    if (spark != null) {
      spark.stop();
    }
  }
}
