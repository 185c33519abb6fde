package io.sluice.examples.reviews;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.RunningService;
import io.sluice.spi.ServiceConnector;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The {@code review-producer} service: sends reviews to a topic of the run's Kafka, keyed by review
 * id, with {@code acks=all} and idempotence (the seed's producer used acks=0 and could lose them):
 * the real IMDb reviews of a file ({@code input}) or generated ones ({@link ReviewGenerator}), all
 * before the run's steps (default), or in the background at a rate while a streaming run goes on.
 */
public final class ReviewProducerService implements ServiceConnector {
  public static final Option<String> TOPIC =
      Option.key("topic").stringType().defaultValue("movie-reviews").description("The topic.");
  public static final Option<Long> COUNT =
      Option.key("count")
          .longType()
          .defaultValue(2_000L)
          .atLeast(0)
          .description("Generated reviews to send (after the input file's, if any).");
  public static final Option<String> INPUT =
      Option.key("input")
          .stringType()
          .noDefaultValue()
          .description(
              "A file of real reviews to send first: the IMDb Game of Thrones reviews"
                  + " (../shared/data/imdb/got_imdb_reviews.json) or JSON lines of review records.");
  public static final Option<Double> RATE =
      Option.key("rate")
          .doubleType()
          .defaultValue(0.0)
          .description("At most this many reviews a second; 0: as fast as Kafka acknowledges.");
  public static final Option<Boolean> BACKGROUND =
      Option.key("background")
          .booleanType()
          .defaultValue(false)
          .description(
              "Send while the run goes on (a streaming run reads them as they come); default:"
                  + " send them all before the run's steps.");
  public static final Option<Long> SEED =
      Option.key("seed").longType().defaultValue(42L).description("Random seed of the generator.");

  @Override
  public String id() {
    return "review-producer";
  }

  @Override
  public String description() {
    return "Sends real or generated IMDb reviews to a Kafka topic of the run (acks=all,"
        + " idempotent), for the movie-reviews example";
  }

  @Override
  public Set<String> needs(ResolvedOptions options) {
    return Set.of(io.sluice.spi.spark.SourceContext.KAFKA_BOOTSTRAP_SERVERS);
  }

  @Override
  public List<Option<?>> serviceOptions() {
    return List.of(TOPIC, COUNT, INPUT, RATE, BACKGROUND, SEED);
  }

  @Override
  public RunningService startService(String name, ResolvedOptions options) {
    throw new SluiceException(
        ErrorCode.RUN_FAILED,
        "Service '" + name + "' needs the run's Kafka: start it with the run's services");
  }

  @Override
  public RunningService startService(
      String name, ResolvedOptions options, Map<String, String> services) {
    String bootstrap = services.get(io.sluice.spi.spark.SourceContext.KAFKA_BOOTSTRAP_SERVERS);
    if (bootstrap == null) {
      throw new SluiceException(
          ErrorCode.RUN_FAILED,
          "Service '" + name + "' needs the run's Kafka, which is not running");
    }
    List<ObjectNode> real = List.of();
    if (options.find(INPUT).isPresent()) {
      real = readInput(name, Path.of(options.get(INPUT)));
    }
    Sender sender =
        new Sender(
            producer(bootstrap),
            options.get(TOPIC),
            real,
            options.get(COUNT),
            new ReviewGenerator(options.get(SEED)),
            options.get(RATE));
    if (!options.get(BACKGROUND)) {
      sender.run();
      sender.close();
      sender
          .failure()
          .ifPresent(
              e -> {
                throw new SluiceException(
                    ErrorCode.RUN_FAILED,
                    "Service '" + name + "' could not send reviews to Kafka: " + e.getMessage());
              });
      return RunningService.of(options.get(TOPIC) + ": " + sender.summary(), () -> {});
    }
    Thread thread = new Thread(sender, "review-producer-" + name);
    thread.setDaemon(true);
    thread.start();
    return RunningService.of(
        options.get(TOPIC) + ": sending in the background",
        () -> {
          sender.stop();
          try {
            thread.join(10_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          sender.close();
          System.out.println(
              "  "
                  + name
                  + " "
                  + sender.summary()
                  + sender
                      .failure()
                      .map(e -> "; stopped by an error: " + e.getMessage())
                      .orElse(""));
        });
  }

  private static List<ObjectNode> readInput(String name, Path input) {
    if (!Files.isRegularFile(input)) {
      throw new SluiceException(
          ErrorCode.FILE_NOT_FOUND,
          "Service '" + name + "': cannot read its input " + input + ": no such file");
    }
    try {
      if (input.getFileName().toString().endsWith(".jsonl")) {
        com.fasterxml.jackson.databind.ObjectMapper json =
            new com.fasterxml.jackson.databind.ObjectMapper();
        List<ObjectNode> lines = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(input)) {
          if (!line.isBlank()) {
            lines.add((ObjectNode) json.readTree(line));
          }
        }
        return lines;
      }
      return GotReviews.read(input);
    } catch (IOException | ClassCastException e) {
      throw new SluiceException(
          ErrorCode.BAD_RECORD,
          "Service '" + name + "': cannot read reviews from " + input + ": " + e.getMessage());
    }
  }

  static KafkaProducer<String, String> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
  }

  /** Sends the real reviews, then the generated ones, at most {@code rate} a second. */
  static final class Sender implements Runnable {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final List<ObjectNode> real;
    private final long generated;
    private final ReviewGenerator generator;
    private final double rate;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicReference<Exception> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    private final long started = System.nanoTime();

    Sender(
        KafkaProducer<String, String> producer,
        String topic,
        List<ObjectNode> real,
        long generated,
        ReviewGenerator generator,
        double rate) {
      this.producer = producer;
      this.topic = topic;
      this.real = real;
      this.generated = generated;
      this.generator = generator;
      this.rate = rate;
    }

    @Override
    public void run() {
      try {
        for (ObjectNode review : real) {
          if (!send(review)) {
            return;
          }
        }
        for (long i = 0; i < generated; i++) {
          if (!send(generator.review())) {
            return;
          }
        }
      } finally {
        producer.flush();
      }
    }

    private boolean send(ObjectNode review) {
      if (stopping.get()) {
        return false;
      }
      long n = sent.incrementAndGet();
      if (rate > 0) {
        long due = started + (long) (n / rate * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        }
      }
      // the callback sees every failure; the future adds nothing
      var unused =
          producer.send(
              new ProducerRecord<>(topic, review.path("review_id").asText(), review.toString()),
              (metadata, error) -> {
                if (error != null) {
                  failure.compareAndSet(null, error);
                  stopping.set(true);
                }
              });
      return true;
    }

    void stop() {
      stopping.set(true);
    }

    /** The first error Kafka answered a send with, if any. */
    java.util.Optional<Exception> failure() {
      return java.util.Optional.ofNullable(failure.get());
    }

    void close() {
      producer.close(java.time.Duration.ofSeconds(10));
    }

    String summary() {
      return String.format(
          Locale.ROOT,
          "%,d reviews sent (%,d real) in %.1fs",
          sent.get(),
          Math.min(sent.get(), real.size()),
          (System.nanoTime() - started) / 1e9);
    }
  }
}
