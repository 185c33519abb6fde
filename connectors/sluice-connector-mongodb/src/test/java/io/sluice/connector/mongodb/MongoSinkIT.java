package io.sluice.connector.mongodb;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import io.sluice.testing.TestingMongo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.bson.BsonType;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The mongodb sink against a MongoDB wire-protocol server (the embedded one): typed documents,
 * upserts that a replay leaves unchanged, refused documents returned with their reasons while the
 * rest of their batch is written, and overwrite by a renamed staging collection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoSinkIT {
  private SparkSession spark;
  private MongoClient client;
  private String database;

  @BeforeAll
  void start() {
    spark = LocalSpark.start("MongoSinkIT");
    client = MongoClients.create(TestingMongo.shared().connectionString());
    database = TestingMongo.newDatabase("sink");
  }

  @AfterAll
  void stop() {
    client.close();
    spark.stop();
  }

  private SinkResult write(
      Dataset<Row> data,
      String collection,
      WriteMode mode,
      List<String> keys,
      Map<String, ?> extra) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("uri", TestingMongo.shared().connectionString());
    values.put("database", database);
    values.put("collection", collection);
    values.put("batch_size", 50);
    values.put("ordered", false);
    values.put("write_concern", "majority");
    values.put("retries", 2);
    values.put("retry_delay", java.time.Duration.ofMillis(50));
    values.putAll(extra);
    return new MongoConnectorFactory()
        .createBatchSink(new ResolvedOptions(values))
        .write(data, new SinkContext("reviews_mongo", "run-1", mode, keys));
  }

  private Dataset<Row> reviews(int count, int version) {
    return spark.sql(
        "SELECT concat('rw', id) AS review_id, 'title ' || (id % 7) AS title,"
            + " CAST(id % 10 + 1 AS INT) AS rating, "
            + version
            + " AS version, CAST(id AS DECIMAL(12, 2)) / 4 AS score,"
            + " TIMESTAMP '2024-07-08 03:00:00' + make_interval(0, 0, 0, 0, 0, 0, id) AS at,"
            + " named_struct('up', id, 'total', id + 3) AS helpful,"
            + " array('s', CAST(id % 3 AS STRING)) AS tags"
            + " FROM range(0, "
            + count
            + ", 1, 4)");
  }

  private MongoCollection<Document> collection(String name) {
    return client.getDatabase(database).getCollection(name);
  }

  @Test
  void rowsBecomeTypedDocumentsAndAReplayChangesNothing() {
    SinkResult first =
        write(reviews(500, 1), "reviews", WriteMode.MERGE, List.of("review_id"), Map.of());
    assertThat(first.rowsWritten()).isEqualTo(500);
    assertThat(first.refused()).isEmpty();
    assertThat(first.target()).contains(database + ".reviews").doesNotContain("mongodb://");
    assertThat(collection("reviews").countDocuments()).isEqualTo(500);

    SinkResult replay =
        write(reviews(500, 1), "reviews", WriteMode.MERGE, List.of("review_id"), Map.of());
    assertThat(replay.rowsWritten()).isEqualTo(500);
    assertThat(collection("reviews").countDocuments()).isEqualTo(500);

    // a newer version of the same reviews replaces them, plus 100 new ones
    write(reviews(600, 2), "reviews", WriteMode.APPEND, List.of("review_id"), Map.of());
    assertThat(collection("reviews").countDocuments()).isEqualTo(600);
    assertThat(collection("reviews").countDocuments(new Document("version", 2))).isEqualTo(600);

    Document doc = collection("reviews").find(new Document("_id", "rw42")).first();
    assertThat(doc).isNotNull();
    org.bson.BsonDocument bson =
        collection("reviews")
            .withDocumentClass(org.bson.BsonDocument.class)
            .find(new Document("_id", "rw42"))
            .first();
    assertThat(bson.get("rating").getBsonType()).isEqualTo(BsonType.INT32);
    assertThat(bson.get("score").getBsonType()).isEqualTo(BsonType.DECIMAL128);
    assertThat(bson.get("score").asDecimal128().getValue().bigDecimalValue())
        .isEqualByComparingTo("10.5");
    assertThat(bson.get("at").getBsonType()).isEqualTo(BsonType.DATE_TIME);
    assertThat(bson.get("at").asDateTime().getValue())
        .isEqualTo(java.time.Instant.parse("2024-07-08T03:00:42Z").toEpochMilli());
    assertThat(bson.get("helpful").getBsonType()).isEqualTo(BsonType.DOCUMENT);
    assertThat(bson.getDocument("helpful").getInt64("total").getValue()).isEqualTo(45);
    assertThat(bson.getArray("tags").size()).isEqualTo(2);
  }

  @Test
  void refusedDocumentsComeBackWithTheirReasonsAndTheRestIsWritten() {
    collection("unique").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
    Dataset<Row> people =
        spark
            .sql(
                "SELECT * FROM VALUES ('a', 'a@x', 'ok'), ('b', 'b@x', 'ok'), ('c', 'a@x', 'dup'),"
                    + " ('d', 'd@x', 'ok'), (NULL, 'e@x', 'no key') AS t(id, email, note)")
            .coalesce(1); // one partition, in order: 'c' comes after 'a' and is the duplicate
    Dataset<Row> withDollar =
        spark.sql("SELECT 'f' AS id, 'f@x' AS email, map('$where', 'x') AS note_map");

    SinkResult result =
        write(people, "unique", WriteMode.MERGE, List.of("id"), Map.of("batch_size", 10));
    assertThat(result.rowsWritten()).isEqualTo(3);
    assertThat(result.refused())
        .extracting(SinkResult.Refused::reason)
        .anySatisfy(r -> assertThat(r).startsWith("MongoDB refused the document (code 11000)"))
        .anySatisfy(r -> assertThat(r).isEqualTo("key column [id] is null: no _id to upsert on"))
        .hasSize(2);
    assertThat(result.refused())
        .extracting(SinkResult.Refused::record)
        .anySatisfy(r -> assertThat(r).contains("\"note\":\"dup\""));
    assertThat(collection("unique").countDocuments()).isEqualTo(3);

    SinkResult dollar = write(withDollar, "unique2", WriteMode.MERGE, List.of("id"), Map.of());
    assertThat(dollar.rowsWritten()).isZero();
    assertThat(dollar.refused())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.reason())
                    .isEqualTo("field 'note_map.$where' starts with '$', which MongoDB reserves"));
  }

  @Test
  void anOrderedWriteGoesOnAfterARefusedDocument() {
    collection("ordered").createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      rows.add("('" + i + "', '" + (i == 10 ? "dup" : i == 20 ? "dup" : "e" + i) + "')");
    }
    Dataset<Row> data =
        spark
            .sql("SELECT * FROM VALUES " + String.join(", ", rows) + " AS t(id, email)")
            .coalesce(1);
    SinkResult result =
        write(
            data,
            "ordered",
            WriteMode.MERGE,
            List.of("id"),
            Map.of("ordered", true, "batch_size", 100));
    assertThat(result.rowsWritten()).isEqualTo(29);
    assertThat(result.refused()).hasSize(1);
    assertThat(collection("ordered").countDocuments()).isEqualTo(29);
  }

  @Test
  void anUnreachableServerFailsBeforeAnyTaskWithTheHostsAndWithoutTheUri() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort(); // closed again: nothing listens there
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put(
        "uri",
        "mongodb://loader:s3cret-pass@127.0.0.1:" + port + "/?serverSelectionTimeoutMS=1500");
    values.put("database", database);
    values.put("collection", "nowhere");
    values.put("batch_size", 50);
    values.put("ordered", false);
    values.put("write_concern", "majority");
    values.put("retries", 2);
    values.put("retry_delay", java.time.Duration.ofMillis(50));
    long started = System.nanoTime();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new MongoConnectorFactory()
                    .createBatchSink(new ResolvedOptions(values))
                    .write(
                        reviews(10, 1),
                        new SinkContext(
                            "reviews_mongo", "run-1", WriteMode.MERGE, List.of("review_id"))))
        .isInstanceOf(io.sluice.spi.SluiceException.class)
        .hasMessageStartingWith(
            "Sink 'reviews_mongo' cannot reach mongodb 127.0.0.1:"
                + port
                + " "
                + database
                + ".nowhere: MongoTimeoutException")
        .message()
        .doesNotContain("s3cret-pass");
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started))
        .isLessThan(java.time.Duration.ofSeconds(20));
  }

  @Test
  void withoutATimeoutInTheUriServerSelectionWaitsTenSecondsNotThirty() {
    MongoSettings settings = MongoSettings.reading("mongodb://127.0.0.1:1", "d", "c");
    assertThat(
            settings
                .clientSettings()
                .getClusterSettings()
                .getServerSelectionTimeout(java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo(10);
    MongoSettings configured =
        MongoSettings.reading("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=2500", "d", "c");
    assertThat(
            configured
                .clientSettings()
                .getClusterSettings()
                .getServerSelectionTimeout(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isEqualTo(2500);
  }

  @Test
  void overwriteReplacesTheCollectionThroughARenamedStagingCollection() {
    write(reviews(300, 1), "snapshot", WriteMode.OVERWRITE, List.of("review_id"), Map.of());
    assertThat(collection("snapshot").countDocuments()).isEqualTo(300);
    write(reviews(120, 2), "snapshot", WriteMode.OVERWRITE, List.of("review_id"), Map.of());
    assertThat(collection("snapshot").countDocuments()).isEqualTo(120);
    assertThat(collection("snapshot").countDocuments(new Document("version", 2))).isEqualTo(120);
    List<String> names = client.getDatabase(database).listCollectionNames().into(new ArrayList<>());
    assertThat(names).noneMatch(n -> n.contains("staging"));
  }
}
