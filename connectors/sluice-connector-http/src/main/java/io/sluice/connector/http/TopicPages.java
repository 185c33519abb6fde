package io.sluice.connector.http;

import io.sluice.spi.InstalledConnectors;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SourceResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A crawl's pages read back from its topic by the kafka connector: exactly the messages the
 * checkpoint lists (other crawls' messages in the same offsets are dropped), from Kafka or, for
 * those a {@link PagePrefetch} covered, from its files.
 */
final class TopicPages {
  /** The kafka connector's offset options (its keys: this source passes them on). */
  private static final String STARTING_OFFSETS = "starting_offsets";

  private static final String ENDING_OFFSETS = "ending_offsets";

  private final ResolvedOptions options;
  private final SourceContext context;
  private final String topic;

  TopicPages(ResolvedOptions options, SourceContext context, String topic) {
    this.options = options;
    this.context = context;
    this.topic = topic;
  }

  /**
   * The checkpoint's messages: those a prefetch batch covered from its Parquet files, the rest
   * (before its ranges: a resumed crawl's earlier pages; after: the last seconds of the crawl) from
   * Kafka, each part filtered to its own positions.
   */
  SourceResult prefetched(Map<Long, CrawlCheckpoint.Position> positions, PagePrefetch prefetch) {
    Map<PagePrefetch.Part, List<CrawlCheckpoint.Position>> parts =
        PagePrefetch.split(positions, prefetch.coveredRanges());
    List<SourceResult> reads = new ArrayList<>();
    for (PagePrefetch.Part part : List.of(PagePrefetch.Part.BELOW, PagePrefetch.Part.ABOVE)) {
      List<CrawlCheckpoint.Position> listed = parts.get(part);
      if (!listed.isEmpty()) {
        SourceResult read = range(ranges(listed));
        reads.add(
            new SourceResult(
                listedOnly(read.rows(), listed),
                read.rejected(),
                read.action(),
                read.rejectedCount()));
      }
    }
    Dataset<Row> rows = null;
    Dataset<Row> rejected = null;
    for (SourceResult read : reads) {
      rows = rows == null ? read.rows() : rows.unionByName(read.rows());
      if (read.rejected().isPresent()) {
        rejected =
            rejected == null ? read.rejected().get() : rejected.unionByName(read.rejected().get());
      }
    }
    Optional<Dataset<Row>> fetched = prefetch.rows();
    if (fetched.isPresent()) {
      Dataset<Row> covered = listedOnly(fetched.get(), parts.get(PagePrefetch.Part.COVERED));
      rows = rows == null ? covered : covered.unionByName(rows);
    }
    Optional<Dataset<Row>> fetchedRejected = prefetch.rejectedRows();
    if (fetchedRejected.isPresent()) {
      rejected =
          rejected == null ? fetchedRejected.get() : fetchedRejected.get().unionByName(rejected);
    }
    if (rows == null) { // nothing at all was fetched
      return listed(positions);
    }
    long early = prefetch.rejected();
    List<java.util.function.LongSupplier> counts = new ArrayList<>();
    reads.forEach(r -> counts.add(r.rejectedCount()));
    SourceResult.RejectedAction action = reads.isEmpty() ? actionOf() : reads.get(0).action();
    return new SourceResult(
        rows,
        Optional.ofNullable(rejected),
        action,
        () -> early + counts.stream().mapToLong(java.util.function.LongSupplier::getAsLong).sum());
  }

  private SourceResult.RejectedAction actionOf() {
    return options.get(HttpApiOptions.BAD_RECORDS).equalsIgnoreCase("drop")
        ? SourceResult.RejectedAction.DROP
        : SourceResult.RejectedAction.QUARANTINE;
  }

  /** Per partition, the offsets {first, last + 1} of {@code listed}. */
  private static Map<Integer, long[]> ranges(List<CrawlCheckpoint.Position> listed) {
    Map<Integer, long[]> range = new TreeMap<>();
    for (CrawlCheckpoint.Position p : listed) {
      range.merge(
          p.partition(),
          new long[] {p.offset(), p.offset() + 1},
          (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }
    return range;
  }

  /**
   * The pages of {@code topic} in the offset ranges {@code values} names, read by the kafka
   * connector.
   */
  private SourceResult readWithKafka(Map<String, Object> values) {
    Map<String, Object> kafka = new HashMap<>(values);
    kafka.put("topic", topic);
    return InstalledConnectors.require("kafka", "source '" + context.sourceName() + "'")
        .source()
        .createBatchSource(new ResolvedOptions(kafka))
        .read(context);
  }

  /** The messages the checkpoint lists, read from their offset range and nothing else. */
  SourceResult listed(Map<Long, CrawlCheckpoint.Position> positions) {
    Map<Integer, long[]> range = ranges(new ArrayList<>(positions.values()));
    if (range.isEmpty()) { // no page recorded (or a plan): the schema, and no rows (limit 0)
      Map<String, Object> values = new HashMap<>(options.asMap());
      values.put(STARTING_OFFSETS, "earliest");
      values.put(ENDING_OFFSETS, "latest");
      SourceResult read = readWithKafka(values);
      return new SourceResult(
          read.rows().limit(0), read.rejected().map(r -> r.limit(0)), read.action(), () -> 0);
    }
    SourceResult read = range(range);
    return new SourceResult(
        listedOnly(read.rows(), new ArrayList<>(positions.values())),
        read.rejected(),
        read.action(),
        read.rejectedCount());
  }

  /** The messages of {@code topic} in {@code range} (partition -> {from, to}), parsed. */
  SourceResult range(Map<Integer, long[]> range) {
    Map<String, Object> values = new HashMap<>(options.asMap());
    values.put(STARTING_OFFSETS, offsets(range, 0));
    values.put(ENDING_OFFSETS, offsets(range, 1));
    return readWithKafka(values);
  }

  /** The rows of {@code rows} at the listed positions (other crawls' messages are dropped). */
  private Dataset<Row> listedOnly(Dataset<Row> rows, List<CrawlCheckpoint.Position> listed) {
    List<Row> wanted = new ArrayList<>();
    listed.forEach(p -> wanted.add(RowFactory.create(p.partition(), p.offset())));
    StructType schema =
        new StructType()
            .add("_kafka_partition", DataTypes.IntegerType)
            .add("_offset", DataTypes.LongType);
    Dataset<Row> keys = context.spark().createDataFrame(wanted, schema);
    return rows.join(keys, new String[] {"_kafka_partition", "_offset"}, "left_semi");
  }

  private String offsets(Map<Integer, long[]> range, int which) {
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
}
