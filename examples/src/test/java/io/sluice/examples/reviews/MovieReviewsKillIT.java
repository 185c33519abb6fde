package io.sluice.examples.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.sluice.cli.Main;
import io.sluice.testing.ChildJvm;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingKafka;
import io.sluice.testing.TestingMongo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The movie-reviews pipeline killed with {@code kill -9} three times at random points while it
 * writes micro-batches to MongoDB, then run to the end: the collection and the lake table hold
 * every kept review exactly once, with the values of its last version.
 */
class MovieReviewsKillIT {
  private static final int REVIEWS = 100_000;
  private static final int UPDATES = 5_000;
  private static final DateTimeFormatter REVIEW_DATE =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
  private static final Pattern SCORED =
      Pattern.compile("silver\\.reviews_scored\\s+batch ([0-9,]+):");

  @TempDir Path work;

  private final String topic = "mr-kill-" + UUID.randomUUID();
  private final String database = TestingMongo.newDatabase("movie_kill");

  @Test
  void killNineThreeTimesWhileWritingLeavesEveryReviewOnceWithItsLastVersion() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    long producing = System.nanoTime();
    Map<String, ObjectNode> last = produce(random);
    System.out.printf("Produced in %d ms%n", (System.nanoTime() - producing) / 1_000_000);
    Set<String> kept = new TreeSet<>();
    Set<String> updatedKept = new HashSet<>();
    for (Map.Entry<String, ObjectNode> review : last.entrySet()) {
      int year =
          LocalDate.parse(review.getValue().get("review_date").asText(), REVIEW_DATE).getYear();
      if (year >= 2019 && year <= 2021) {
        kept.add(review.getKey());
        if (review.getValue().get("review_summary").asText().equals("Second thoughts")) {
          updatedKept.add(review.getKey());
        }
      }
    }

    List<String> kills = new ArrayList<>();
    for (int attempt = 0; attempt < 3; attempt++) {
      Path log = work.resolve("run-" + attempt + ".log");
      long attemptStarted = System.nanoTime();
      Process run = ChildJvm.start(work, Main.class.getName(), args(), Map.of(), log);
      int killAfter = 1 + random.nextInt(2); // scored batches seen in this attempt
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
      int seen = 0;
      while (seen < killAfter && run.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100); // polls the child's log
        seen = scoredBatches(Files.readString(log));
      }
      assertThat(run.isAlive())
          .as("the run ended before its kill: " + Files.readString(log))
          .isTrue();
      int delay = random.nextInt(1_500); // inside the MongoDB write or the next batch
      Thread.sleep(delay);
      run.destroyForcibly(); // SIGKILL: no shutdown hook, no clean stop
      assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
      kills.add(
          "after "
              + seen
              + " scored batch(es) + "
              + delay
              + " ms ("
              + (System.nanoTime() - attemptStarted) / 1_000_000
              + " ms into the attempt)");
    }
    String context = "seed " + seed + ", kills " + kills;
    System.out.println("Movie reviews kills: " + context);
    long finalStarted = System.nanoTime();

    List<String> finalArgs = new ArrayList<>(args());
    finalArgs.addAll(List.of("--summary-json", work.resolve("final.json").toString()));
    TestingConsole.Captured<Integer> finished =
        TestingConsole.capture(() -> Main.execute(finalArgs.toArray(String[]::new)));
    assertThat(finished.result()).as(context + "\n" + finished.out() + finished.err()).isZero();
    System.out.printf(
        "Final run: %d ms%n%s%n", (System.nanoTime() - finalStarted) / 1_000_000, finished.out());

    try (MongoClient client = MongoClients.create(TestingMongo.shared().connectionString())) {
      MongoCollection<Document> reviews = client.getDatabase(database).getCollection("reviews");
      Set<String> inMongo = new TreeSet<>();
      reviews
          .find()
          .projection(new Document("_id", 1))
          .forEach(d -> inMongo.add(d.getString("_id")));
      assertThat(inMongo).as(context).isEqualTo(kept);
      assertThat(
              reviews.countDocuments(
                  new Document("review_summary", "Second thoughts").append("rating", 1)))
          .as(context)
          .isEqualTo(updatedKept.size());
    }
    assertThat(lake("SELECT count(*), count(DISTINCT review_id) FROM silver.reviews_scored"))
        .as(context)
        .containsExactly(kept.size() + "," + kept.size());
    assertThat(new TreeSet<>(lake("SELECT review_id FROM silver.reviews_scored")))
        .as(context)
        .isEqualTo(kept);
    assertThat(
            lake(
                "SELECT count(*) FROM silver.reviews_scored WHERE review_summary = 'Second thoughts'"
                    + " AND rating = 1"))
        .as(context)
        .containsExactly(Integer.toString(updatedKept.size()));
  }

  /**
   * Sends the generated reviews, then newer versions of some of them (rating 1, a new summary, the
   * same date), keyed by review id so that a review's versions stay in order; returns each review's
   * last version.
   */
  private Map<String, ObjectNode> produce(Random random) throws Exception {
    ReviewGenerator generator = new ReviewGenerator(random.nextLong());
    ObjectMapper json = new ObjectMapper();
    Map<String, ObjectNode> last = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<String, String> producer =
        ReviewProducerService.producer(TestingKafka.bootstrapServers())) {
      for (int i = 0; i < REVIEWS; i++) {
        ObjectNode review = generator.review();
        String id = review.get("review_id").asText();
        if (last.put(id, review) == null) {
          ids.add(id);
        }
        acks.add(producer.send(new ProducerRecord<>(topic, id, json.writeValueAsString(review))));
      }
      for (int i = 0; i < UPDATES; i++) {
        String id = ids.get(random.nextInt(ids.size()));
        ObjectNode update = last.get(id).deepCopy();
        update.put("rating", "1").put("review_summary", "Second thoughts");
        last.put(id, update);
        acks.add(producer.send(new ProducerRecord<>(topic, id, json.writeValueAsString(update))));
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get(60, TimeUnit.SECONDS);
      }
    }
    return last;
  }

  private List<String> args() {
    return new MovieReviewsRun(work, topic, database).args("reviews=0", "batch=20000");
  }

  private static int scoredBatches(String log) {
    Matcher m = SCORED.matcher(log);
    int batches = 0;
    while (m.find()) {
      batches = Math.max(batches, Integer.parseInt(m.group(1).replace(",", "")));
    }
    return batches;
  }

  private List<String> lake(String sql) throws Exception {
    return new MovieReviewsRun(work, topic, database).lake(sql);
  }
}
