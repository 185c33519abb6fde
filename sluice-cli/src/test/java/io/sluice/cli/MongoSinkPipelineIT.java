package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.sluice.services.EmbeddedMongo;
import io.sluice.testing.TestingConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline with a mongodb sink on {@code uri: embedded}: the run starts the embedded MongoDB,
 * upserts the documents, quarantines the ones MongoDB would refuse with their reasons (rows in =
 * written + quarantined), and the data outlives the server (H2 file under .sluice/mongodb).
 */
class MongoSinkPipelineIT {
  @TempDir Path dir;

  @Test
  void aRunWritesDocumentsQuarantinesRefusalsAndTheDataSurvivesARestart() throws Exception {
    String database = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Path pipeline = dir.resolve("mongo.yaml");
    Files.writeString(
        pipeline,
        """
        pipeline: mongo-it
        datasets:
          gold.people:
            sql: |
              SELECT * FROM VALUES
                ('a', 'ann', map('lang', 'en')),
                ('b', 'bob', map('lang', 'ko')),
                ('c', 'cyd', map('$where', 'x')),
                (NULL, 'dan', map('lang', 'en')),
                ('e', 'eve', map('a.b', 'c'))
              AS t(id, name, extra)
        sinks:
          people_mongo:
            type: mongodb
            from: gold.people
            uri: embedded
            database: DATABASE
            collection: people
            keys: [id]
            mode: merge
        """
            .replace("DATABASE", database));
    TestingConsole.Captured<Integer> run = run(pipeline, "summary");

    assertThat(run.result()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("embedded MongoDB");
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
    JsonNode sink = step(summary, "people_mongo");
    assertThat(sink.get("rows_in").asLong()).isEqualTo(5);
    assertThat(sink.get("rows_out").asLong()).isEqualTo(2);
    assertThat(sink.get("quarantined").asLong()).isEqualTo(3);
    assertThat(
            LakeQuery.csv(
                pipeline,
                dir.resolve("lake"),
                "SELECT _origin, _reasons[0] AS reason FROM default.people_mongo__quarantine"
                    + " ORDER BY reason"))
        .isEqualTo(
            "_origin,reason\n"
                + "sink:people_mongo,\"field 'extra.$where' starts with '$', which MongoDB"
                + " reserves\"\n"
                + "sink:people_mongo,\"field 'extra.a.b' contains '.', which MongoDB reads as a"
                + " path\"\n"
                + "sink:people_mongo,key column [id] is null: no _id to upsert on\n");

    // the run stopped its server; the data is in the H2 file a new server opens
    assertThat(EmbeddedMongo.listening(MongoService.PORT)).isFalse();
    try (EmbeddedMongo again = EmbeddedMongo.start(MongoService.DIRECTORY, 0);
        MongoClient client = MongoClients.create(again.connectionString())) {
      assertThat(client.getDatabase(database).getCollection("people").countDocuments())
          .isEqualTo(2);
      Document ann =
          client
              .getDatabase(database)
              .getCollection("people")
              .find(new Document("_id", "a"))
              .first();
      assertThat(ann).isNotNull();
      assertThat(ann.get("extra", Document.class).getString("lang")).isEqualTo("en");
    }
  }

  @Test
  void aStreamingDatasetFeedsTheSinkEachMicroBatchAndNewerVersionsReplaceOlderOnes()
      throws Exception {
    String database = "st_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String topic = "reviews-" + database;
    produce(topic, 0, 300, 1);
    produce(topic, 0, 100, 2); // newer versions of the first 100 reviews
    send(topic, "not json");
    Path pipeline = dir.resolve("stream.yaml");
    Files.writeString(
        pipeline,
        """
        pipeline: mongo-stream-it
        kafka: BOOTSTRAP
        sources:
          reviews: { type: kafka, topic: TOPIC, columns: { review_id: string, rating: int, version: int }, max_records_per_batch: 150 }
        datasets:
          bronze.reviews: { from: reviews, mode: streaming, trigger: 1 second }
        sinks:
          reviews_mongo:
            type: mongodb
            from: bronze.reviews
            uri: embedded
            database: DATABASE
            collection: reviews
            keys: [review_id]
            mode: merge
        """
            .replace("BOOTSTRAP", io.sluice.testing.TestingKafka.bootstrapServers())
            .replace("TOPIC", topic)
            .replace("DATABASE", database));

    TestingConsole.Captured<Integer> plan =
        TestingConsole.capture(() -> Main.execute("plan", pipeline.toString(), "--no-schemas"));
    assertThat(plan.out())
        .contains(
            "reviews_mongo <- bronze.reviews (each micro-batch, as the stream writes it) ->"
                + " embedded mongodb "
                + database
                + ".reviews  [mode merge]")
        .contains("delivery: exactly-once (effectively once with keys");

    JsonNode first = runOnce(pipeline, "first");
    JsonNode sink = step(first, "reviews_mongo");
    assertThat(sink.get("kind").asText()).isEqualTo("stream-sink");
    assertThat(sink.get("rows_in").asLong())
        .isEqualTo(400); // the bad record stays in bronze's quarantine
    assertThat(sink.get("rows_out").asLong()).isEqualTo(400);
    assertThat(step(first, "bronze.reviews").get("quarantined").asLong()).isEqualTo(1);

    produce(topic, 300, 350, 1);
    JsonNode second = runOnce(pipeline, "second");
    assertThat(step(second, "reviews_mongo").get("rows_out").asLong()).isEqualTo(50);

    try (EmbeddedMongo again = EmbeddedMongo.start(MongoService.DIRECTORY, 0);
        MongoClient client = MongoClients.create(again.connectionString())) {
      var reviews = client.getDatabase(database).getCollection("reviews");
      assertThat(reviews.countDocuments()).isEqualTo(350); // each review once
      assertThat(reviews.countDocuments(new Document("version", 2)))
          .isEqualTo(100); // its last version
      assertThat(reviews.find(new Document("_id", "r7")).first().getInteger("rating")).isEqualTo(8);
    }
  }

  private JsonNode runOnce(Path pipeline, String name) throws Exception {
    TestingConsole.Captured<Integer> run = run(pipeline, name, "--once");
    assertThat(run.result()).as(run.out() + run.err()).isZero();
    return new ObjectMapper().readTree(dir.resolve(name + ".json").toFile());
  }

  /** {@code sluice run} of the file on this test's lake and run store; summary in NAME.json. */
  private TestingConsole.Captured<Integer> run(Path pipeline, String name, String... extra)
      throws Exception {
    java.util.List<String> args =
        new java.util.ArrayList<>(
            java.util.List.of(
                "run",
                pipeline.toString(),
                "--lake",
                dir.resolve("lake").toString(),
                "--run-store",
                "jdbc:h2:file:" + dir.resolve("runs"),
                "--summary-json",
                dir.resolve(name + ".json").toString()));
    args.addAll(java.util.List.of(extra));
    return TestingConsole.capture(() -> Main.execute(args.toArray(String[]::new)));
  }

  private static void produce(String topic, int from, int to, int version) throws Exception {
    try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer = producer()) {
      for (int i = from; i < to; i++) {
        producer
            .send(
                new org.apache.kafka.clients.producer.ProducerRecord<>(
                    topic,
                    "r" + i,
                    "{\"review_id\": \"r"
                        + i
                        + "\", \"rating\": "
                        + (i % 10 + 1)
                        + ", \"version\": "
                        + version
                        + "}"))
            .get();
      }
    }
  }

  private static void send(String topic, String value) throws Exception {
    try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer = producer()) {
      producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic, value)).get();
    }
  }

  private static org.apache.kafka.clients.producer.KafkaProducer<String, String> producer() {
    return new org.apache.kafka.clients.producer.KafkaProducer<>(
        java.util.Map.of(
            "bootstrap.servers", io.sluice.testing.TestingKafka.bootstrapServers(), "acks", "all"),
        new org.apache.kafka.common.serialization.StringSerializer(),
        new org.apache.kafka.common.serialization.StringSerializer());
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
