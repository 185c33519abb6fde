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
    Path summary = dir.resolve("summary.json");
    String[] args = {
      "run",
      pipeline.toString(),
      "--lake",
      dir.resolve("lake").toString(),
      "--run-store",
      "jdbc:h2:file:" + dir.resolve("runs"),
      "--summary-json",
      summary.toString()
    };

    TestingConsole.Captured<Integer> run = TestingConsole.capture(() -> Main.execute(args));

    assertThat(run.result()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("embedded MongoDB");
    JsonNode sink = step(new ObjectMapper().readTree(summary.toFile()), "people_mongo");
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

  private static JsonNode step(JsonNode summary, String name) {
    for (JsonNode step : summary.get("steps")) {
      if (step.get("name").asText().equals(name)) {
        return step;
      }
    }
    throw new AssertionError("no step " + name + " in " + summary);
  }
}
