package io.sluice.connector.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.spark.SourceContext;
import io.sluice.spi.spark.SourceResult;
import io.sluice.testing.TestingMongo;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bson.Document;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The mongodb source against the embedded wire-protocol server: typed rows from typed documents,
 * read in parallel by _id ranges, a filter, and documents that do not fit their columns rejected
 * with the reason and their _id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoSourceIT {
  private static final Map<String, String> COLUMNS =
      Map.of(
          "_id", "string",
          "rating", "int",
          "price", "decimal(10,2)",
          "seen_at", "timestamp",
          "tags", "array<string>",
          "movie", "struct<title:string,year:int>");

  private SparkSession spark;
  private MongoClient client;
  private String database;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("MongoSourceIT");
    client = MongoClients.create(TestingMongo.shared().connectionString());
    database = TestingMongo.newDatabase("source");
    MongoCollection<Document> reviews = client.getDatabase(database).getCollection("reviews");
    List<Document> documents = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      documents.add(
          new Document("_id", String.format("r%04d", i))
              .append("rating", i % 10 + 1)
              .append("price", new Decimal128(new BigDecimal(i + ".25")))
              .append("seen_at", Date.from(Instant.parse("2021-03-04T05:06:07Z").plusSeconds(i)))
              .append("tags", List.of("t" + i % 3, "all"))
              .append("movie", new Document("title", "Dune").append("year", 2021))
              .append("extra", "not a declared column"));
    }
    reviews.insertMany(documents);
  }

  @AfterAll
  void stop() {
    client.close();
    spark.stop();
  }

  private SourceResult read(String collection, Map<String, ?> extra) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("uri", TestingMongo.shared().connectionString());
    values.put("database", database);
    values.put("collection", collection);
    values.put("columns", COLUMNS);
    values.put("filter", "{}");
    values.put("partitions", 0);
    values.put("bad_records", "quarantine");
    values.putAll(extra);
    return new MongoConnectorFactory()
        .createBatchSource(new ResolvedOptions(values))
        .read(new SourceContext(spark, "reviews", "run-1"));
  }

  @Test
  void documentsBecomeTypedRowsReadInParallelByIdRanges() {
    SourceResult result = read("reviews", Map.of("partitions", 4));
    assertThat(result.rows().rdd().getNumPartitions()).isEqualTo(4);
    List<Row> rows = result.rows().orderBy("_id").collectAsList();
    assertThat(rows).hasSize(1_000);
    assertThat(result.rows().select("_id").distinct().count()).isEqualTo(1_000);
    Row first = rows.get(7);
    assertThat(first.<String>getAs("_id")).isEqualTo("r0007");
    assertThat(first.<Integer>getAs("rating")).isEqualTo(8);
    assertThat(first.<BigDecimal>getAs("price")).isEqualByComparingTo("7.25");
    assertThat(first.<java.sql.Timestamp>getAs("seen_at").toInstant())
        .isEqualTo(Instant.parse("2021-03-04T05:06:14Z"));
    assertThat(first.<scala.collection.Seq<String>>getAs("tags").mkString(",")).isEqualTo("t1,all");
    assertThat(first.<Row>getAs("movie").<Integer>getAs("year")).isEqualTo(2021);
    assertThat(result.rows().columns()).doesNotContain("extra");
    assertThat(result.rejectedCount().getAsLong()).isZero();
  }

  @Test
  void aFilterSelectsTheDocumentsToRead() {
    SourceResult result = read("reviews", Map.of("filter", "{\"rating\": {\"$gte\": 9}}"));
    assertThat(result.rows().count()).isEqualTo(200);
    assertThat(result.rows().filter("rating < 9").count()).isZero();
  }

  @Test
  void documentsThatDoNotFitTheirColumnsAreRejectedWithTheReasonAndTheirId() {
    MongoCollection<Document> mixed = client.getDatabase(database).getCollection("mixed");
    ObjectId generated = new ObjectId();
    mixed.insertMany(
        List.of(
            new Document("_id", generated).append("rating", 7),
            new Document("_id", "bad").append("rating", "eleven"),
            new Document("_id", "fine").append("rating", 3)));
    SourceResult result = read("mixed", Map.of());
    // one pass, as a run makes: the count of rejected documents is taken in it
    assertThat(result.rows().collectAsList())
        .extracting(r -> r.getString(r.fieldIndex("_id")) + "=" + r.getAs("rating"))
        .containsExactlyInAnyOrder(generated.toHexString() + "=7", "fine=3");
    List<Row> rejected = result.rejected().orElseThrow().collectAsList();
    assertThat(rejected).hasSize(1);
    assertThat(rejected.get(0).<String>getAs(SourceResult.REASON_COLUMN))
        .contains("does not fit its declared type")
        .contains("rating int");
    assertThat(rejected.get(0).<String>getAs(SourceResult.ORIGIN_COLUMN))
        .isEqualTo(database + ".mixed _id bad");
    assertThat(rejected.get(0).<String>getAs(SourceResult.RAW_COLUMN)).contains("eleven");
    assertThat(result.rejectedCount().getAsLong()).isEqualTo(1);

    SourceResult failing = read("mixed", Map.of("bad_records", "fail"));
    assertThatThrownBy(() -> failing.rows().count()).hasMessageContaining("_id");
  }

  @Test
  void aBadFilterIsAnOptionProblem() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("uri", "mongodb://127.0.0.1:1");
    values.put("database", "db");
    values.put("collection", "c");
    values.put("columns", COLUMNS);
    values.put("filter", "{rating: ");
    values.put("partitions", 0);
    values.put("bad_records", "quarantine");
    values.put("options", Map.of());
    assertThat(new MongoConnectorFactory().validateSource(new ResolvedOptions(values)))
        .extracting(p -> p.key())
        .containsExactly("filter");
  }
}
