package io.sluice.examples.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.sluice.cli.Main;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingKafka;
import io.sluice.testing.TestingMongo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The movie-reviews example end to end on the real broker and the embedded MongoDB: generated
 * reviews and bad records through Kafka, the streaming bronze, silver and scored datasets, the
 * MongoDB collection, gold and the dashboard export; then newer versions of some reviews, which
 * replace the old ones in the collection and in the lake.
 */
class MovieReviewsIT {
  private static final int GENERATED = 1_200;

  @TempDir Path work;

  private final String topic = "mr-" + UUID.randomUUID();
  private final String database = TestingMongo.newDatabase("movie_reviews");
  private MovieReviewsRun reviews;

  @org.junit.jupiter.api.BeforeEach
  void paths() {
    reviews = new MovieReviewsRun(work, topic, database);
  }

  @Test
  void reviewsReachMongoAndTheLakeOnceEachWithBadRecordsQuarantinedAndNewerVersionsWinning()
      throws Exception {
    // Bad input, sent before the reviews: each one quarantined with its reason.
    send("bad-json", "{\"review_id\": \"bad-json\", \"rating\": ");
    send(
        "bad-type",
        review("bad-type", "\"8\"", "24 July 2020")
            .replace("\"spoiler_tag\": 0", "\"spoiler_tag\": \"yes\""));
    send(null, review("", "\"8\"", "24 July 2020").replace("\"review_id\": \"\", ", ""));
    send("bad-rating", review("bad-rating", "\"eleven\"", "24 July 2020"));
    send("bad-date", review("bad-date", "\"7\"", "someday in 2020"));
    // A 20 MB review is refused to its sender: Kafka takes records up to 1 MB by default.
    String huge = review("huge", "\"9\"", "1 May 2020").replace("Fine.", "x".repeat(20 << 20));
    try (KafkaProducer<String, String> producer = producer()) {
      ExecutionException refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              ExecutionException.class,
              () -> producer.send(new ProducerRecord<>(topic, "huge", huge)).get());
      assertThat(refused.getCause()).isInstanceOf(RecordTooLargeException.class);
    }

    JsonNode first = run("first", "reviews=" + GENERATED);
    JsonNode bronze = step(first, "bronze.reviews");
    JsonNode silver = step(first, "silver.reviews");
    JsonNode scored = step(first, "silver.reviews_scored");
    JsonNode mongo = step(first, "reviews_mongo");
    assertThat(bronze.get("rows_in").asLong()).isEqualTo(GENERATED + 5);
    for (JsonNode step : List.of(bronze, silver, scored, mongo)) {
      assertThat(step.get("rows_in").asLong())
          .as(step.get("name").asText() + ": in = out + quarantined + dropped")
          .isEqualTo(
              step.get("rows_out").asLong()
                  + step.get("quarantined").asLong()
                  + step.get("dropped").asLong());
    }
    long badJsonOrType = bronze.get("quarantined").asLong();
    assertThat(badJsonOrType).isEqualTo(2); // the malformed value and the wrong type
    assertThat(silver.get("rows_in").asLong()).isEqualTo(bronze.get("rows_out").asLong());
    assertThat(silver.get("quarantined").asLong()).isEqualTo(3); // no id, bad rating, bad date
    assertThat(silver.get("dropped").asLong()).isPositive(); // reviews outside 2019-2021
    assertThat(scored.get("rows_in").asLong()).isEqualTo(silver.get("rows_out").asLong());
    assertThat(mongo.get("rows_out").asLong()).isEqualTo(scored.get("rows_out").asLong());

    List<String> atBronze =
        lake("SELECT array_join(_reasons, ' | ') FROM bronze.reviews__quarantine");
    assertThat(atBronze).hasSize(2).allSatisfy(reason -> assertThat(reason).isNotBlank());
    List<String> atSilver =
        lake(
            "SELECT concat(coalesce(get_json_object(_record, '$.review_id'), 'none'), ' ',"
                + " array_join(_reasons, ' | ')) FROM silver.reviews__quarantine ORDER BY 1");
    assertThat(atSilver).hasSize(3);
    assertThat(atSilver.get(0)).startsWith("bad-date ").contains("date_parsed");
    assertThat(atSilver.get(1)).startsWith("bad-rating ").contains("rating_is_a_number");
    assertThat(atSilver.get(2)).startsWith("none ").contains("has_review_id");

    long kept = Long.parseLong(lake("SELECT count(*) FROM silver.reviews_scored").get(0));
    io.sluice.examples.ConsoleShots.take(
        MovieReviewsRun.PIPELINE,
        new io.sluice.spec.LoadRequest("local", reviews.params(), System::getenv),
        work.resolve("lake").toString(),
        "jdbc:h2:file:" + work.resolve("runs"),
        List.of(
            io.sluice.examples.ConsoleShots.Shot.of(
                "/pipelines/movie-reviews/dashboards/reviews",
                "movie-reviews-dashboard.png",
                "[data-drawn]",
                3),
            io.sluice.examples.ConsoleShots.Shot.of(
                "/pipelines/movie-reviews", "movie-reviews-pipeline.png", "svg.graph g.node", 6)));
    // Newer versions of ten reviews: rating 1 and a new summary; sent twice (a retry).
    List<String> changed =
        lake("SELECT review_id FROM silver.reviews_scored ORDER BY review_id LIMIT 10");
    try (MongoClient client = MongoClients.create(TestingMongo.shared().connectionString())) {
      MongoCollection<Document> reviews = client.getDatabase(database).getCollection("reviews");
      assertThat(reviews.countDocuments())
          .isEqualTo(kept)
          .isEqualTo(mongo.get("rows_out").asLong());
      Document one = reviews.find().first();
      assertThat(one.get("review_date")).isInstanceOf(java.util.Date.class);
      assertThat(one.get("rating") == null || one.get("rating") instanceof Integer).isTrue();
      assertThat(one.getString("label")).isIn("positive", "negative");
      assertThat(one.get("year")).isInstanceOf(Integer.class);

      for (int copy = 0; copy < 2; copy++) {
        for (String id : changed) {
          send(id, review(id, "\"1\"", "2 March 2021").replace("Fine.", "Changed my mind, awful."));
        }
      }
      JsonNode second = run("second", "reviews=0");
      assertThat(step(second, "bronze.reviews").get("rows_in").asLong()).isEqualTo(20);
      assertThat(step(second, "reviews_mongo").get("rows_out").asLong()).isEqualTo(10);
      assertThat(reviews.countDocuments()).isEqualTo(kept);
      assertThat(
              reviews.countDocuments(new Document("rating", 1).append("review_summary", "Latest")))
          .isEqualTo(10);
    }
    assertThat(lake("SELECT count(*) FROM silver.reviews_scored"))
        .containsExactly(Long.toString(kept));
    assertThat(
            lake(
                "SELECT count(*) FROM silver.reviews_scored WHERE rating = 1 AND review_summary = 'Latest'"))
        .containsExactly("10");
    assertThat(
            lake(
                "SELECT count(*) FROM silver.reviews_scored WHERE review_id IN ('"
                    + String.join("','", changed)
                    + "') AND label = 'negative'"))
        .containsExactly("10");
    assertThat(work.resolve("out/report/index.html")).isRegularFile();
  }

  /** A review record as the producer sends it. */
  private static String review(String id, String rating, String date) {
    return "{\"review_id\": \""
        + id
        + "\", \"reviewer\": \"tester\", \"movie\": \"Dune (2021)\","
        + " \"rating\": "
        + rating
        + ", \"review_summary\": \"Latest\", \"review_date\": \""
        + date
        + "\", \"spoiler_tag\": 0, \"review_detail\": \"Fine.\", \"helpful\": [\"1\", \"2\"]}";
  }

  private void send(String key, String value) throws Exception {
    try (KafkaProducer<String, String> producer = producer()) {
      producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
  }

  private static KafkaProducer<String, String> producer() {
    return new KafkaProducer<>(
        Map.of("bootstrap.servers", TestingKafka.bootstrapServers(), "acks", "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  private JsonNode run(String name, String... params) throws Exception {
    List<String> args = new ArrayList<>(reviews.args(params));
    args.addAll(List.of("--summary-json", work.resolve(name + ".json").toString()));
    TestingConsole.Captured<Integer> run =
        TestingConsole.capture(() -> Main.execute(args.toArray(String[]::new)));
    assertThat(run.result()).as(run.out() + run.err()).isZero();
    return new ObjectMapper().readTree(work.resolve(name + ".json").toFile());
  }

  private List<String> lake(String sql) throws Exception {
    return reviews.lake(sql);
  }

  private static JsonNode step(JsonNode summary, String name) {
    for (JsonNode step : summary.get("steps")) {
      if (step.get("name").asText().equals(name)) {
        return step;
      }
    }
    throw new AssertionError("no step " + name + " in " + summary);
  }
}
