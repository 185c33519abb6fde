package io.sluice.connector.mongodb;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.when;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import io.sluice.spi.spark.JsonColumns;
import io.sluice.spi.spark.RowCounts;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SourceResult;
import io.sluice.spi.spark.SparkBatchSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The {@code mongodb} source: the documents of a collection (matching {@code filter}) read in
 * parallel by {@code _id} ranges, each turned into a row of the declared columns. A document whose
 * fields do not fit their declared types is quarantined with the reason and its {@code _id}, never
 * dropped unseen. Dates arrive as timestamps, Decimal128 as decimals, ObjectIds as hex strings,
 * nested documents and arrays as structs, maps and arrays when the columns say so.
 */
final class MongoSource implements SparkBatchSource {
  private final Function<SourceContext, MongoSettings> settings;
  private final String filter;
  private final int partitions;
  private final Map<String, String> columns;
  private final String badRecords;

  MongoSource(
      Function<SourceContext, MongoSettings> settings,
      String filter,
      int partitions,
      Map<String, String> columns,
      String badRecords) {
    this.settings = settings;
    this.filter = filter;
    this.partitions = partitions;
    this.columns = Map.copyOf(columns);
    this.badRecords = badRecords;
  }

  @Override
  public SourceResult read(SourceContext context) {
    MongoSettings resolved = settings.apply(context);
    BsonDocument query = parseFilter(context.sourceName());
    List<String> ranges;
    try (MongoClient client = MongoClients.create(resolved.clientSettings())) {
      ranges =
          ranges(
              client.getDatabase(resolved.database()).getCollection(resolved.collection()), query);
    } catch (com.mongodb.MongoException e) {
      throw new SluiceException(
          ErrorCode.RUN_FAILED,
          "Cannot read source '"
              + context.sourceName()
              + "' from "
              + resolved.describe()
              + ": "
              + e.getMessage(),
          e);
    }
    Dataset<String> documents =
        context
            .spark()
            .createDataset(
                new JavaSparkContext(context.spark().sparkContext())
                    .parallelize(ranges, ranges.size())
                    .mapPartitions(new ReadRanges(resolved))
                    .rdd(),
                Encoders.STRING());
    return parse(
        documents.toDF("_value"), context, resolved.database() + "." + resolved.collection());
  }

  private BsonDocument parseFilter(String source) {
    try {
      return BsonDocument.parse(filter);
    } catch (RuntimeException e) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot read source '" + source + "': filter is not a JSON document: " + e.getMessage());
    }
  }

  /**
   * The filters of the partitions: {@code query} and an {@code _id} range each, bounded by the ids
   * found at equal steps of the collection sorted by {@code _id} ({@code partitions}, or one per
   * 50,000 documents up to 64).
   */
  private List<String> ranges(MongoCollection<Document> collection, BsonDocument query) {
    long count = collection.countDocuments(query);
    int parts =
        partitions > 0 ? partitions : (int) Math.max(1, Math.min(64, (count + 49_999) / 50_000));
    List<Object> bounds = new ArrayList<>();
    for (int k = 1; k < parts && count > 0; k++) {
      Document at =
          collection
              .find(query)
              .sort(new Document("_id", 1))
              .skip((int) (k * count / parts))
              .limit(1)
              .projection(new Document("_id", 1))
              .first();
      if (at != null
          && (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(at.get("_id")))) {
        bounds.add(at.get("_id"));
      }
    }
    List<String> filters = new ArrayList<>();
    for (int i = 0; i <= bounds.size(); i++) {
      Document range = new Document();
      if (i > 0) {
        range.append("$gte", bounds.get(i - 1));
      }
      if (i < bounds.size()) {
        range.append("$lt", bounds.get(i));
      }
      Document part = new Document("$and", List.of(query, new Document("_id", range)));
      filters.add(range.isEmpty() ? query.toJson() : part.toJson());
    }
    return filters;
  }

  /** Reads the documents of each range as JSON that Spark's JSON reader types by the columns. */
  static final class ReadRanges implements FlatMapFunction<Iterator<String>, String> {
    private static final long serialVersionUID = 1L;

    /** Documents a reply carries at most: the embedded server answers with one reply otherwise. */
    private static final int BATCH = 500;

    private final MongoSettings settings;

    ReadRanges(MongoSettings settings) {
      this.settings = settings;
    }

    @Override
    public Iterator<String> call(Iterator<String> filters) {
      JsonWriterSettings json =
          JsonWriterSettings.builder()
              .outputMode(JsonMode.RELAXED)
              .dateTimeConverter(
                  (value, writer) -> writer.writeString(Instant.ofEpochMilli(value).toString()))
              .objectIdConverter((value, writer) -> writer.writeString(value.toHexString()))
              .decimal128Converter((value, writer) -> writer.writeNumber(value.toString()))
              .int64Converter((value, writer) -> writer.writeNumber(Long.toString(value)))
              .build();
      List<String> out = new ArrayList<>();
      try (MongoClient client = MongoClients.create(settings.clientSettings())) {
        MongoCollection<Document> collection =
            client.getDatabase(settings.database()).getCollection(settings.collection());
        while (filters.hasNext()) {
          collection
              .find(BsonDocument.parse(filters.next()))
              .batchSize(BATCH)
              .forEach(document -> out.add(document.toJson(json)));
        }
      }
      return out.iterator();
    }
  }

  /** Documents as rows of the declared columns; the ones that do not fit are rejected. */
  private SourceResult parse(Dataset<Row> raw, SourceContext context, String origin) {
    Dataset<Row> parsed =
        raw.select(col("_value"), JsonColumns.parse(col("_value"), columns).as("_json"));
    Column bad = JsonColumns.bad("_json");
    Column[] output = JsonColumns.fields("_json", columns);
    if (badRecords.equals("fail")) {
      Column failing =
          when(
              bad,
              raise_error(
                  concat_ws(
                      "",
                      lit(
                          "Cannot read a document of "
                              + origin
                              + ": it does not fit the declared"
                              + " columns. Document: "),
                      col("_value"),
                      lit(". Set bad_records: quarantine to keep such documents aside"))));
      return SourceResult.of(parsed.filter(failing.isNull()).select(output));
    }
    RowCounts.Filter badDocuments =
        RowCounts.keepUnless(context.spark(), bad, "bad documents of " + context.sourceName());
    Dataset<Row> rejected =
        parsed
            .filter(bad)
            .select(
                col("_value").as(SourceResult.RAW_COLUMN),
                lit("a field of the document does not fit its declared type ("
                        + JsonColumns.declared(columns)
                        + ")")
                    .cast(DataTypes.StringType)
                    .as(SourceResult.REASON_COLUMN),
                concat_ws("", lit(origin + " _id "), get_json_object(col("_value"), "$._id"))
                    .as(SourceResult.ORIGIN_COLUMN));
    return new SourceResult(
        parsed.filter(badDocuments.keep()).select(output),
        Optional.of(rejected),
        badRecords.equals("drop")
            ? SourceResult.RejectedAction.DROP
            : SourceResult.RejectedAction.QUARANTINE,
        badDocuments.rejected());
  }
}
