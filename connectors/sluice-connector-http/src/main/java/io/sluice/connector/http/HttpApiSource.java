package io.sluice.connector.http;

import static org.apache.spark.sql.functions.col;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.InstalledConnectors;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Crawls the API (resuming a crawl that stopped, skipping one that finished) and reads the pages it
 * wrote: exactly the messages its checkpoint lists, one row per page with the declared columns.
 */
final class HttpApiSource implements SparkBatchSource {
  /** The kafka connector's offset options (its keys: this source passes them on). */
  private static final String STARTING_OFFSETS = "starting_offsets";

  private static final String ENDING_OFFSETS = "ending_offsets";

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
          ? readTopic(context, options.get(HttpApiOptions.TOPIC), Map.of())
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
    return topic == null
        ? readStaged(context, fileSink, positions)
        : readTopic(context, topic, positions);
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

  /**
   * The pages of {@code topic} in the offset ranges {@code values} names, read by the kafka
   * connector.
   */
  private static SourceResult readWithKafka(
      SourceContext context, String topic, Map<String, Object> values) {
    Map<String, Object> kafka = new HashMap<>(values);
    kafka.put("topic", topic);
    return InstalledConnectors.require("kafka", "source '" + context.sourceName() + "'")
        .source()
        .createBatchSource(new ResolvedOptions(kafka))
        .read(context);
  }

  /** The messages the checkpoint lists, read from their offset range and nothing else. */
  private SourceResult readTopic(
      SourceContext context, String topic, Map<Long, CrawlCheckpoint.Position> positions) {
    Map<Integer, long[]> range = new TreeMap<>();
    for (CrawlCheckpoint.Position p : positions.values()) {
      range.merge(
          p.partition(),
          new long[] {p.offset(), p.offset() + 1},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }
    Map<String, Object> values = new HashMap<>(options.asMap());
    if (range.isEmpty()) { // no page recorded (or a plan): the schema, and no rows (limit 0)
      values.put(STARTING_OFFSETS, "earliest");
      values.put(ENDING_OFFSETS, "latest");
      SourceResult read = readWithKafka(context, topic, values);
      return new SourceResult(
          read.rows().limit(0), read.rejected().map(r -> r.limit(0)), read.action(), () -> 0);
    } else {
      values.put(STARTING_OFFSETS, offsets(topic, range, 0));
      values.put(ENDING_OFFSETS, offsets(topic, range, 1));
    }
    SourceResult read = readWithKafka(context, topic, values);
    List<Row> wanted = new ArrayList<>();
    positions.values().forEach(p -> wanted.add(RowFactory.create(p.partition(), p.offset())));
    StructType schema =
        new StructType()
            .add("_kafka_partition", DataTypes.IntegerType)
            .add("_offset", DataTypes.LongType);
    Dataset<Row> listed = context.spark().createDataFrame(wanted, schema);
    Dataset<Row> rows =
        read.rows().join(listed, new String[] {"_kafka_partition", "_offset"}, "left_semi");
    return new SourceResult(rows, read.rejected(), read.action(), read.rejectedCount());
  }

  private static String offsets(String topic, Map<Integer, long[]> range, int which) {
    StringBuilder json =
        new StringBuilder("{\"").append(topic.replace("\"", "\\\"")).append("\":{");
    boolean first = true;
    for (Map.Entry<Integer, long[]> e : range.entrySet()) {
      json.append(first ? "" : ",")
          .append('"')
          .append(e.getKey())
          .append("\":")
          .append(e.getValue()[which]);
      first = false;
    }
    return json.append("}}").toString();
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
