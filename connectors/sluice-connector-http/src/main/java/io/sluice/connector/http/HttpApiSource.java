package io.sluice.connector.http;

import static org.apache.spark.sql.functions.col;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SluiceException;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SourceResult;
import io.sluice.spi.spark.SparkBatchSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Crawls the API (resuming a crawl that stopped, skipping one that finished) and reads the pages it
 * wrote: exactly the messages its checkpoint lists, one row per page with the declared columns.
 */
final class HttpApiSource implements SparkBatchSource {
  private final ResolvedOptions options;

  HttpApiSource(ResolvedOptions options) {
    this.options = options;
  }

  /** Identifies a crawl: the URL, parameters, pages and output (not the secret headers). */
  static String crawlId(ResolvedOptions options) {
    String identity =
        String.join(
            "\n",
            options.get(HttpApiOptions.URL),
            new TreeMap<>(options.find(HttpApiOptions.PARAMS).orElse(Map.of())).toString(),
            options.get(HttpApiOptions.PAGES),
            options.get(HttpApiOptions.PAGE_PARAM),
            options.get(HttpApiOptions.RECORDS_PATH),
            options.find(HttpApiOptions.TOPIC).orElse(""));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The run id the planner uses when it only wants the schema: no crawl then. */
  static final String PLAN_RUN = "plan";

  @Override
  public SourceResult read(SourceContext context) {
    if (context.runId().equals(PLAN_RUN)) {
      return options.find(HttpApiOptions.TOPIC).isPresent()
          ? new TopicPages(options, context, options.get(HttpApiOptions.TOPIC)).listed(Map.of())
          : SourceResult.of(
              context.spark().createDataFrame(List.of(), StructType.fromDDL(columnsDdl())));
    }
    String crawlId = crawlId(options);
    Path folder =
        Path.of(context.service(SourceContext.STATE_DIRECTORY).orElse(".sluice/state"))
            .resolve("http-api")
            .resolve(context.sourceName())
            .resolve(crawlId);
    PageRanges ranges = PageRanges.parse(options.get(HttpApiOptions.PAGES));
    List<String> path = HttpApiOptions.recordsPath(options.get(HttpApiOptions.RECORDS_PATH));
    String topic = options.find(HttpApiOptions.TOPIC).orElse(null);
    String servers = topic == null ? null : bootstrapServers(context);
    Map<Long, CrawlCheckpoint.Position> positions;
    FilePageSink fileSink = null;
    PagePrefetch prefetch = null;
    try (CrawlCheckpoint checkpoint = new CrawlCheckpoint(folder);
        PageSink sink =
            topic == null
                ? new FilePageSink(folder)
                : new KafkaPageSink(
                    servers, clientProperties(), topic, crawlId + "/" + checkpoint.attempt())) {
      if (sink instanceof FilePageSink f) {
        fileSink = f;
      }
      if (checkpoint.complete()) {
        System.out.printf(
            Locale.ROOT,
            "  crawl %s: finished before (%,d pages, checkpoint %s); delete that folder to fetch"
                + " again%n",
            context.sourceName(),
            checkpoint.doneCount(),
            folder);
      } else {
        sink.recover(checkpoint, ranges);
        if (checkpoint.doneCount() > 0) {
          System.out.printf(
              Locale.ROOT,
              "  crawl %s: resuming, %,d pages already fetched (checkpoint %s)%n",
              context.sourceName(),
              checkpoint.doneCount(),
              folder);
        }
        ApiClient client =
            new ApiClient(
                options.get(HttpApiOptions.URL),
                options.find(HttpApiOptions.PARAMS).orElse(Map.of()),
                options.find(HttpApiOptions.HEADERS).orElse(Map.of()),
                options.get(HttpApiOptions.PAGE_PARAM),
                path,
                new RateLimiter(
                    options.get(HttpApiOptions.RATE_LIMIT), options.get(HttpApiOptions.BURST)),
                options.get(HttpApiOptions.MAX_RETRIES),
                Duration.ofMillis((long) (options.get(HttpApiOptions.TIMEOUT_SECONDS) * 1000)));
        prefetch = prefetch(context, topic, folder, checkpoint);
        Crawler.Summary summary;
        try {
          summary =
              new Crawler(
                      context.sourceName(),
                      client,
                      ranges,
                      path.get(path.size() - 1),
                      options.get(HttpApiOptions.CONCURRENCY),
                      sink,
                      checkpoint,
                      line -> System.out.println("  " + line))
                  .run();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CrawlException("The crawl of " + context.sourceName() + " was interrupted", e);
        } finally {
          if (prefetch != null) {
            prefetch.finish();
          }
        }
        System.out.printf(
            Locale.ROOT,
            "  crawl %s: %,d pages fetched (%,d records) in %.1f s, %,d kept from before, %,d empty,"
                + " %,d requests, %,d retries%n",
            context.sourceName(),
            summary.fetched(),
            summary.records(),
            summary.seconds(),
            summary.skipped(),
            summary.empty(),
            summary.requests(),
            summary.retries());
      }
      positions = checkpoint.positions();
    }
    if (prefetch != null) {
      System.out.println("  crawl " + context.sourceName() + ": " + prefetch.summary());
      return new TopicPages(options, context, topic).prefetched(positions, prefetch);
    }
    return topic == null
        ? readStaged(context, fileSink, positions)
        : new TopicPages(options, context, topic).listed(positions);
  }

  /**
   * A prefetch of the crawl's pages (see {@link PagePrefetch}), started; none without a topic or
   * with prefetch_seconds 0. It starts after the offsets the checkpoint already lists.
   */
  private PagePrefetch prefetch(
      SourceContext context, String topic, Path folder, CrawlCheckpoint checkpoint) {
    Path prefetched = folder.resolve("prefetch");
    PagePrefetch.deleteRecursively(prefetched); // a dead run's files
    double seconds = options.get(HttpApiOptions.PREFETCH_SECONDS);
    if (topic == null || seconds <= 0) {
      return null;
    }
    PagePrefetch prefetch =
        new PagePrefetch(
            context.spark(),
            prefetched,
            checkpoint.nextOffsets(),
            checkpoint::positions,
            new TopicPages(options, context, topic)::range,
            (long) (seconds * 1000),
            line -> System.out.println("  crawl " + context.sourceName() + ": " + line));
    prefetch.start();
    return prefetch;
  }

  private Map<String, String> clientProperties() {
    return options.find(HttpApiOptions.PROPERTIES).orElse(Map.of());
  }

  private String bootstrapServers(SourceContext context) {
    return options
        .find(HttpApiOptions.BOOTSTRAP_SERVERS)
        .or(() -> context.service(SourceContext.KAFKA_BOOTSTRAP_SERVERS))
        .orElseThrow(
            () ->
                new SluiceException(
                    ErrorCode.MISSING_REQUIRED,
                    "Cannot connect source '"
                        + context.sourceName()
                        + "' to Kafka: no bootstrap_servers and the pipeline's Kafka is not"
                        + " running; set 'kafka:' in the pipeline or 'bootstrap_servers' on the"
                        + " source"));
  }

  private String columnsDdl() {
    StringBuilder ddl = new StringBuilder();
    options
        .get(HttpApiOptions.COLUMNS)
        .forEach(
            (name, type) ->
                ddl.append(ddl.length() == 0 ? "" : ", ")
                    .append('`')
                    .append(name.replace("`", "``"))
                    .append("` ")
                    .append(type));
    return ddl.toString();
  }

  private SourceResult readStaged(
      SourceContext context, FilePageSink sink, Map<Long, CrawlCheckpoint.Position> positions) {
    Dataset<Row> rows =
        context
            .spark()
            .read()
            .schema(StructType.fromDDL(columnsDdl()))
            .json(sink.file().toString())
            .where(col("page").isin(positions.keySet().toArray()))
            .dropDuplicates("page");
    return SourceResult.of(rows);
  }
}
