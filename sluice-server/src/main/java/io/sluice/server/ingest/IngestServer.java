package io.sluice.server.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP ingest endpoint: {@code POST /v1/streams/{stream}/records} with one JSON object, a JSON
 * array of objects, or NDJSON ({@code Content-Type: application/x-ndjson}). Every record is checked
 * first and a request with any bad record is refused whole (400, each problem by index and field):
 * nothing of it is written. Accepted records go to the stream's Kafka topic through an idempotent
 * producer with {@code acks=all}, and the answer is 200 only after Kafka acknowledged every one.
 *
 * <p>Statuses: 400 malformed or invalid, 401 no API key, 403 a key not valid for the stream, 404
 * unknown stream, 409 the same Idempotency-Key is still being written, 422 the same Idempotency-Key
 * with other records, 413 body too large, 429 with Retry-After when too many records are in flight,
 * 503 when Kafka did not acknowledge in time (the client retries with the same Idempotency-Key).
 * Also {@code GET /health} and {@code GET /metrics}.
 */
public final class IngestServer implements AutoCloseable {
  /** Where and how the endpoint listens and how much it takes in at once. */
  public record Settings(String host, int port, int maxInFlightRecords, Duration ackTimeout) {
    public static Settings defaults() {
      return new Settings("127.0.0.1", 8080, 200_000, Duration.ofSeconds(60));
    }
  }

  private final Map<String, IngestStream> streams;
  private final ApiKeys keys;
  private final KafkaWriter writer;
  private final IdempotencyCache idempotency =
      new IdempotencyCache(1_000_000, Duration.ofHours(24), Clock.systemUTC());
  private final IngestMetrics metrics;
  private final Javalin app;

  private IngestServer(
      Map<String, IngestStream> streams,
      String bootstrapServers,
      Map<String, String> properties,
      Settings settings,
      IngestMetrics metrics) {
    this.streams = Map.copyOf(streams);
    this.keys = new ApiKeys(streams.values());
    this.metrics = metrics;
    this.writer = new KafkaWriter(bootstrapServers, properties, settings, metrics);
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize =
                  streams.values().stream().mapToLong(IngestStream::maxRequestBytes).max().orElse(1)
                      + 1;
            });
    app.post("/v1/streams/{stream}/records", this::ingest);
    app.get("/health", this::health);
    app.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.prometheus()));
  }

  /**
   * Starts the endpoint for {@code streams}, writing to Kafka at {@code bootstrapServers} with
   * extra client {@code properties} (security settings).
   */
  public static IngestServer start(
      Map<String, IngestStream> streams,
      String bootstrapServers,
      Map<String, String> properties,
      Settings settings) {
    return start(streams, bootstrapServers, properties, settings, app -> {});
  }

  /** As {@link #start}, with more routes on the same server (the console, for serve --console). */
  public static IngestServer start(
      Map<String, IngestStream> streams,
      String bootstrapServers,
      Map<String, String> properties,
      Settings settings,
      java.util.function.Consumer<Javalin> more) {
    for (IngestStream stream : streams.values()) {
      if (stream.apiKeys().isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot serve stream '"
                + stream.name()
                + "': it has no api_keys; add api_keys: ['${env:SOME_KEY}'] to its http-ingest"
                + " source");
      }
    }
    IngestServer server =
        new IngestServer(streams, bootstrapServers, properties, settings, new IngestMetrics());
    more.accept(server.app);
    server.app.start(settings.host(), settings.port());
    return server;
  }

  /** The port it listens on (useful with port 0). */
  public int port() {
    return app.port();
  }

  /** Records acknowledged by Kafka for {@code stream} since the start. */
  public long accepted(String stream) {
    return metrics.accepted(stream);
  }

  @Override
  public void close() {
    app.stop();
    writer.close();
  }

  // ------------------------------------------------------------------ handlers

  private void health(Context ctx) {
    ObjectNode body = Answer.JSON.createObjectNode().put("status", "ok");
    ArrayNode list = body.putArray("streams");
    streams.values().forEach(s -> list.addObject().put("stream", s.name()).put("topic", s.topic()));
    body.put("records_in_flight", writer.inFlight());
    ctx.contentType("application/json").result(body.toString());
  }

  private void ingest(Context ctx) {
    long started = System.nanoTime();
    String name = ctx.pathParam("stream");
    IngestStream stream = streams.get(name);
    long[] bodyBytes = {0};
    CompletableFuture<Answer> answer;
    if (stream == null) {
      answer =
          CompletableFuture.completedFuture(
              Answer.error(
                  404,
                  "unknown_stream",
                  "No stream '" + name + "'; streams: " + String.join(", ", streams.keySet())));
    } else {
      Optional<Answer> refused =
          keys.authorize(ctx.header("X-API-Key"), ctx.header("Authorization"), stream);
      answer =
          refused.isPresent()
              ? CompletableFuture.completedFuture(refused.get())
              : accept(ctx, stream, bodyBytes);
    }
    String label = stream == null ? "(unknown)" : name;
    if (answer.isDone()) {
      respond(ctx, answer.join(), label, bodyBytes[0], started);
    } else {
      // Kafka acknowledges on its own thread: the request thread goes back to the pool meanwhile.
      ctx.future(() -> answer.thenAccept(a -> respond(ctx, a, label, bodyBytes[0], started)));
    }
  }

  private void respond(Context ctx, Answer answer, String stream, long bodyBytes, long started) {
    answer.headers().forEach(ctx::header);
    ctx.status(answer.status()).contentType("application/json").result(answer.body());
    metrics.request(stream, answer.status(), bodyBytes, (System.nanoTime() - started) / 1000);
  }

  private CompletableFuture<Answer> accept(Context ctx, IngestStream stream, long[] bodyBytes) {
    long declared = ctx.contentLength();
    if (declared > stream.maxRequestBytes()) {
      return done(Answer.tooLarge(stream, declared));
    }
    byte[] body;
    try {
      body = RequestBody.readAtMost(ctx.bodyInputStream(), stream.maxRequestBytes());
    } catch (IOException e) {
      return done(
          Answer.error(400, "unreadable_body", "Cannot read the request body: " + e.getMessage()));
    }
    if (body == null) {
      return done(Answer.tooLarge(stream, -1));
    }
    bodyBytes[0] = body.length;
    List<JsonNode> records;
    try {
      records = RequestBody.parse(body, ctx.contentType());
    } catch (JsonProcessingException e) {
      return done(
          Answer.error(
              400,
              "malformed_json",
              "The body is not "
                  + (RequestBody.isNdjson(ctx.contentType()) ? "NDJSON" : "JSON")
                  + ": "
                  + e.getOriginalMessage()
                  + RequestBody.location(e)));
    }
    if (records.isEmpty()) {
      return done(Answer.error(400, "no_records", "The body holds no records"));
    }
    Answer invalid = validate(stream, records);
    if (invalid != null) {
      return done(invalid);
    }
    String idempotencyKey = ctx.header("Idempotency-Key");
    if (idempotencyKey == null) {
      return writer.write(stream, records, null);
    }
    String cacheKey = stream.name() + "\u0000" + idempotencyKey;
    String fingerprint = RequestBody.fingerprint(records);
    IdempotencyCache.Lookup lookup = idempotency.begin(cacheKey, fingerprint);
    if (lookup instanceof IdempotencyCache.Reused) {
      metrics.reusedKey(stream.name());
      return done(
          Answer.error(
              422,
              "idempotency_key_reused",
              "This Idempotency-Key was used by a request with other records: nothing of this"
                  + " request was written; send new records with a new key"));
    }
    if (lookup instanceof IdempotencyCache.Answered answered) {
      return done(
          new Answer(
              answered.answer().status(),
              answered.answer().body(),
              Map.of("Idempotent-Replayed", "true")));
    }
    if (lookup instanceof IdempotencyCache.Running) {
      return done(
          new Answer(
              409,
              Answer.error(
                      409,
                      "request_in_progress",
                      "A request with this Idempotency-Key is still being written; retry later")
                  .body(),
              Map.of("Retry-After", "1")));
    }
    return writer
        .write(stream, records, idempotencyKey)
        .whenComplete(
            (answer, failure) -> {
              if (answer != null && answer.status() == 200) {
                idempotency.succeeded(
                    cacheKey, fingerprint, new IdempotencyCache.Answer(200, answer.body()));
              } else {
                idempotency.failed(cacheKey);
              }
            });
  }

  private static CompletableFuture<Answer> done(Answer answer) {
    return CompletableFuture.completedFuture(answer);
  }

  /** The 400 answer listing every record's problems, or null when all records fit. */
  private Answer validate(IngestStream stream, List<JsonNode> records) {
    RecordValidator validator = new RecordValidator(stream);
    List<RecordValidator.Problem> problems = new ArrayList<>();
    int bad = 0;
    for (int i = 0; i < records.size(); i++) {
      List<RecordValidator.Problem> found = validator.check(i, records.get(i));
      if (!found.isEmpty()) {
        bad++;
        problems.addAll(found);
      }
    }
    if (problems.isEmpty()) {
      return null;
    }
    metrics.rejected(stream.name(), records.size());
    ObjectNode answer =
        Answer.JSON
            .createObjectNode()
            .put("error", "invalid_records")
            .put(
                "message",
                bad
                    + " of "
                    + records.size()
                    + " records do not fit stream '"
                    + stream.name()
                    + "'; the request was refused whole and nothing was written")
            .put("records", records.size())
            .put("invalid_records", bad);
    ArrayNode list = answer.putArray("problems");
    problems.stream()
        .limit(100)
        .forEach(
            p ->
                list.addObject()
                    .put("index", p.index())
                    .put("field", p.field())
                    .put("problem", p.message()));
    answer.put("problems_not_listed", Math.max(0, problems.size() - 100));
    return new Answer(400, answer.toString());
  }
}
