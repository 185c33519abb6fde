package io.sluice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.Planner;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunListener;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.engine.spark.SparkStepExecutor;
import io.sluice.examples.reviews.ReviewGenerator;
import io.sluice.scheduler.AlertSender;
import io.sluice.scheduler.RunRequest;
import io.sluice.scheduler.RunService;
import io.sluice.services.EmbeddedKafka;
import io.sluice.services.EmbeddedMongo;
import io.sluice.spec.LoadRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;
import org.bson.Document;

/**
 * Kafka -> MongoDB, in one run on the embedded broker and the embedded MongoDB (H2 backend):
 *
 * <ul>
 *   <li>throughput: a streaming pipeline (bronze from Kafka, the mongodb sink fed by each
 *       micro-batch, upserts by review_id) draining N generated reviews, against the raw MongoDB
 *       Java driver's unordered bulk upserts (1,000 a request, write concern majority) of the same
 *       documents into the same server (the limit), and the naive way (one upsert a request) on a
 *       part of them; rounds alternate which goes first;
 *   <li>latency: the same pipeline with a 5-second trigger fed at a steady rate: the time from a
 *       review's send to the moment the collection holds it (polled every 100 ms), p50/p95/max.
 * </ul>
 */
public final class MongoBench {
  private MongoBench() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    int reviews = 200_000;
    int rounds = 3;
    int rate = 1_000;
    int seconds = 30;
    boolean example = true;
    int exampleRate = 200;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--reviews" -> reviews = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--example-rate" -> exampleRate = Integer.parseInt(args[++i]);
        case "--no-example" -> example = false;
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; use --reviews N --rounds R --rate PER_SECOND --seconds S"
                    + " --example-rate PER_SECOND --no-example");
      }
    }
    Path work =
        Files.createDirectories(
            Path.of("bench", "target", "work", "mongo-" + System.currentTimeMillis()));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"));
        EmbeddedMongo mongo = EmbeddedMongo.start(work.resolve("mongodb"), 0);
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      String bootstrap = kafka.bootstrapServers();
      produce(bootstrap, "reviews", reviews, 0, System.currentTimeMillis());
      System.out.printf(
          Locale.ROOT,
          "Kafka -> MongoDB, %,d generated reviews, %d cores, embedded Kafka and MongoDB (H2)%n",
          reviews,
          Runtime.getRuntime().availableProcessors());
      SparkSession spark =
          SparkSessions.create(
              "mongo-bench",
              new io.sluice.spec.EngineSettings(
                  work.resolve("lake").toString(), "local[*]", Map.of(), "x"));
      try {
        List<Double> ours = new ArrayList<>();
        List<Double> raw = new ArrayList<>();
        List<Double> naive = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
          String database = "bench_" + round;
          boolean sluiceFirst = round % 2 == 1;
          if (!sluiceFirst) {
            raw.add(rawBulk(client, database, reviews, null));
          }
          ours.add(sluice(spark, work, bootstrap, mongo, database, "available-now", round));
          if (sluiceFirst) {
            raw.add(rawBulk(client, database, reviews, null));
          }
          naive.add(rawBulk(client, database, Math.min(reviews, 10_000), 1));
          System.out.printf(
              Locale.ROOT,
              "round %d: sluice %,.0f rows/s, raw driver bulk %,.0f rows/s (%.0f%%), naive one by"
                  + " one %,.0f rows/s%n",
              round,
              ours.get(round - 1),
              raw.get(round - 1),
              100 * ours.get(round - 1) / raw.get(round - 1),
              naive.get(round - 1));
        }
        double oursMedian = median(ours);
        double rawMedian = median(raw);
        System.out.printf(
            Locale.ROOT,
            "medians: sluice Kafka -> MongoDB %,.0f rows/s, raw driver bulk upsert %,.0f rows/s:"
                + " %.0f%% (target >= 80%%); naive %,.0f rows/s (%.0f%% of raw)%n",
            oursMedian,
            rawMedian,
            100 * oursMedian / rawMedian,
            median(naive),
            100 * median(naive) / rawMedian);
        latency(
            spark,
            bootstrap,
            plan(work, bootstrap, mongo, "live", "bench_latency", "5 seconds", "live"),
            "live",
            client.getDatabase("bench_latency").getCollection("sluice"),
            rate,
            seconds,
            "bronze -> MongoDB");
        if (example) {
          latency(
              spark,
              bootstrap,
              examplePlan(bootstrap, mongo),
              "example-live",
              client.getDatabase("bench_example").getCollection("reviews"),
              exampleRate,
              seconds * 2,
              "examples/movie-reviews (bronze -> silver -> scored -> MongoDB)");
        }
      } finally {
        spark.stop();
      }
    }
  }

  /**
   * Sluice: the pipeline drains the topic into bronze and the sink (fresh lake tables and
   * checkpoint each round); rows/s of the whole run.
   */
  private static double sluice(
      SparkSession spark,
      Path work,
      String bootstrap,
      EmbeddedMongo mongo,
      String database,
      String trigger,
      int round)
      throws Exception {
    Plan plan = plan(work, bootstrap, mongo, "reviews", database, trigger, "round" + round);
    long started = System.nanoTime();
    try (JdbcRunStore store = JdbcRunStore.open("jdbc:h2:mem:mongo-bench-" + round)) {
      var result =
          service(spark, bootstrap, store)
              .run(plan, RunRequest.only(Optional.empty(), true, Duration.ofMinutes(1)));
      if (result.status() != io.sluice.core.store.RunStatus.SUCCEEDED) {
        throw new IllegalStateException("the bench run failed: " + result);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    try (MongoClient client = MongoClients.create(mongo.connectionString())) {
      long documents = client.getDatabase(database).getCollection("sluice").countDocuments();
      return documents / seconds;
    }
  }

  private static RunService service(SparkSession spark, String bootstrap, JdbcRunStore store) {
    return new RunService(
        new SparkStepExecutor(
            spark, Map.of(io.sluice.spi.spark.SourceContext.KAFKA_BOOTSTRAP_SERVERS, bootstrap)),
        store,
        RunListener.NONE,
        RunClock.SYSTEM,
        AlertSender.HTTP);
  }

  private static Plan plan(
      Path work,
      String bootstrap,
      EmbeddedMongo mongo,
      String topic,
      String database,
      String trigger,
      String namespace)
      throws Exception {
    Path pipeline = work.resolve("mongo-bench-" + namespace + ".yaml");
    Files.writeString(
        pipeline,
        """
        pipeline: mongo-bench
        kafka: BOOTSTRAP
        sources:
          reviews:
            type: kafka
            topic: TOPIC
            columns: { review_id: string, reviewer: string, movie: string, rating: string, review_summary: string, review_date: string, spoiler_tag: int, review_detail: string, helpful: array<string>, sent_at: bigint }
        datasets:
          NS.reviews: { from: reviews, mode: streaming, trigger: TRIGGER, metadata: false }
        sinks:
          to_mongo:
            type: mongodb
            from: NS.reviews
            uri: URI
            database: DATABASE
            collection: sluice
            keys: [review_id]
            mode: merge
        """
            .replace("BOOTSTRAP", bootstrap)
            .replace("TOPIC", topic)
            .replace("TRIGGER", trigger)
            .replace("NS", namespace)
            .replace("URI", mongo.connectionString())
            .replace("DATABASE", database));
    return Planner.load(
        pipeline,
        new LoadRequest("local", Map.of(), System::getenv),
        ConnectorRegistry.load(),
        new SparkSqlAnalyzer());
  }

  /**
   * The limit: the documents Sluice wrote, read back, upserted again into another collection of the
   * same server by the raw driver: unordered bulk writes of 1,000 ({@code perRequest} null), or one
   * replace a request (the naive way). Returns rows/s.
   */
  private static double rawBulk(
      MongoClient client, String database, int limit, Integer perRequest) {
    List<Document> documents = new ArrayList<>();
    MongoCollection<Document> source = client.getDatabase(database).getCollection("sluice");
    boolean fromSluice = source.countDocuments() > 0;
    if (fromSluice) {
      // the embedded server answers a find with one reply of every document: ask for 500 at a time
      source.find().batchSize(500).limit(limit).forEach(documents::add);
    } else { // the raw side goes first this round: the same reviews, typed as the sink types them
      ReviewGenerator generator = new ReviewGenerator(42);
      for (int i = 0; i < limit; i++) {
        documents.add(typed(generator.review(), 0));
      }
    }
    MongoCollection<Document> target =
        client
            .getDatabase(database)
            .getCollection(perRequest == null ? "raw" : "naive")
            .withWriteConcern(WriteConcern.MAJORITY);
    ReplaceOptions upsert = new ReplaceOptions().upsert(true);
    long started = System.nanoTime();
    int size = perRequest == null ? 1_000 : perRequest;
    for (int from = 0; from < documents.size(); from += size) {
      List<WriteModel<Document>> models = new ArrayList<>();
      for (Document document : documents.subList(from, Math.min(documents.size(), from + size))) {
        models.add(new ReplaceOneModel<>(Filters.eq("_id", document.get("_id")), document, upsert));
      }
      if (size == 1) {
        ReplaceOneModel<Document> one = (ReplaceOneModel<Document>) models.get(0);
        var unused = target.replaceOne(one.getFilter(), one.getReplacement(), upsert);
      } else {
        var unused = target.bulkWrite(models, new BulkWriteOptions().ordered(false));
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    target.drop();
    return documents.size() / seconds;
  }

  /** A generated review as the sink writes it: _id from review_id, helpful as an array. */
  private static Document typed(ObjectNode review, long sentAt) {
    Document document = Document.parse(review.toString());
    document.put("_id", review.get("review_id").asText());
    document.put("sent_at", sentAt);
    return document;
  }

  /**
   * The pipeline with a 5-second trigger, fed {@code rate} reviews a second for {@code seconds}:
   * for each review, the time from its send to the first poll (every 100 ms) at which the
   * collection holds as many documents as reviews sent up to it (the topic has one partition and
   * micro-batches follow its order).
   */
  private static void latency(
      SparkSession spark,
      String bootstrap,
      Plan plan,
      String topic,
      MongoCollection<Document> collection,
      int rate,
      int seconds,
      String what)
      throws Exception {
    ExecutorService runner = Executors.newSingleThreadExecutor();
    try (JdbcRunStore store = JdbcRunStore.open("jdbc:h2:mem:mongo-bench-live")) {
      Future<?> run =
          runner.submit(
              () ->
                  service(spark, bootstrap, store)
                      .run(plan, RunRequest.only(Optional.empty(), false, Duration.ofMinutes(1))));
      while (spark.streams().active().length == 0) {
        Thread.sleep(100); // waits for the query to start
      }
      int total = rate * seconds;
      long[] sentAt = new long[total];
      List<long[]> polls = new ArrayList<>(); // {time, documents}
      ExecutorService poller = Executors.newSingleThreadExecutor();
      java.util.concurrent.atomic.AtomicBoolean polling =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      Future<?> polled =
          poller.submit(
              () -> {
                while (polling.get()) {
                  long count = collection.estimatedDocumentCount(); // no scan of the documents
                  synchronized (polls) {
                    polls.add(new long[] {System.currentTimeMillis(), count});
                  }
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      ReviewGenerator generator = new ReviewGenerator(7);
      List<Future<RecordMetadata>> acks = new ArrayList<>();
      long started = System.nanoTime();
      try (KafkaProducer<String, String> producer = producer(bootstrap)) {
        int sent = 0;
        for (int slice = 0; slice < seconds * 10; slice++) { // 100 ms slices
          long sliceEnd = started + (slice + 1) * 100_000_000L;
          for (int i = 0; i < rate / 10; i++) {
            ObjectNode review = generator.review();
            review.put("review_id", "live-" + sent);
            long now = System.currentTimeMillis();
            review.put("sent_at", now);
            sentAt[sent++] = now;
            acks.add(
                producer.send(
                    new ProducerRecord<>(
                        topic, review.get("review_id").asText(), JSON.writeValueAsString(review))));
          }
          long wait = sliceEnd - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        }
      }
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      while (System.nanoTime() < deadline) {
        synchronized (polls) {
          if (!polls.isEmpty() && polls.get(polls.size() - 1)[1] >= total) {
            break;
          }
        }
        Thread.sleep(200);
      }
      polling.set(false);
      polled.get(10, TimeUnit.SECONDS);
      poller.shutdown();
      for (var query : spark.streams().active()) {
        query.stop();
      }
      run.get(1, TimeUnit.MINUTES);
      runner.shutdown();
      List<Long> latencies = new ArrayList<>();
      int p = 0;
      for (int i = 0; i < total; i++) {
        while (p < polls.size() && polls.get(p)[1] < i + 1) {
          p++;
        }
        if (p == polls.size()) {
          break; // never landed within the deadline
        }
        latencies.add(Math.max(0, polls.get(p)[0] - sentAt[i]));
      }
      latencies.sort(null);
      System.out.printf(
          Locale.ROOT,
          "latency of %s, 5-second trigger, %,d reviews/s for %d s: %,d of %,d in MongoDB;"
              + " send to collection p50 %.1fs, p95 %.1fs, max %.1fs (target p95 <= 7 s)%n",
          what,
          rate,
          seconds,
          latencies.size(),
          total,
          latencies.get(latencies.size() / 2) / 1000.0,
          latencies.get((int) (latencies.size() * 0.95)) / 1000.0,
          latencies.get(latencies.size() - 1) / 1000.0);
    }
  }

  /**
   * The movie-reviews example itself under its live profile (5-second trigger; its producer service
   * is not started here: the bench sends), keeping every year so that every review lands.
   */
  private static Plan examplePlan(String bootstrap, EmbeddedMongo mongo) {
    return Planner.load(
        Path.of("examples", "movie-reviews", "pipeline.yaml"),
        new LoadRequest(
            "live",
            Map.of(
                "kafka", bootstrap,
                "mongodb", mongo.connectionString(),
                "topic", "example-live",
                "database", "bench_example",
                "from_year", "1900",
                "to_year", "2100"),
            System::getenv,
            Optional.empty()),
        ConnectorRegistry.load(),
        new SparkSqlAnalyzer());
  }

  /** Sends {@code count} generated reviews keyed by id, acks=all and idempotent. */
  private static void produce(String bootstrap, String topic, int count, long seed, long sentAt)
      throws Exception {
    ReviewGenerator generator = new ReviewGenerator(42 + seed);
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<String, String> producer = producer(bootstrap)) {
      for (int i = 0; i < count; i++) {
        ObjectNode review = generator.review();
        review.put("sent_at", sentAt);
        acks.add(
            producer.send(
                new ProducerRecord<>(
                    topic, review.get("review_id").asText(), JSON.writeValueAsString(review))));
      }
    }
    for (Future<RecordMetadata> ack : acks) {
      ack.get();
    }
  }

  private static KafkaProducer<String, String> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.LINGER_MS_CONFIG, "5"),
        new StringSerializer(),
        new StringSerializer());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
