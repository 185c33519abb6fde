package io.sluice.server.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.sluice.server.web.WebServers;
import io.sluice.server.web.WebSettings;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP ingest endpoint: {@code POST /v1/streams/{stream}/records} with one JSON object, a JSON
 * array of objects, or NDJSON ({@code Content-Type: application/x-ndjson}). Every record is checked
 * first and a request with any bad record is refused whole (400, each problem by index and field):
 * nothing of it is written. Accepted records go to the stream's Kafka topic through an idempotent
 * producer with {@code acks=all}, and the answer is 200 only after Kafka acknowledged every one.
 *
 * <p>Statuses: 400 malformed or invalid, 401 no API key, 403 a key not valid for the stream, 404
 * unknown stream, 408 a body slower than the minimum rate, 409 the same Idempotency-Key is still
 * being written, 413 body too large (or more records than a rate limit's burst), 422 the same
 * Idempotency-Key with other records, 429 with Retry-After when the key's rate limit or the records
 * in flight refuse it, 503 when Kafka did not acknowledge in time or the key store is unreachable
 * (the client retries with the same Idempotency-Key). Also {@code GET /health} and {@code GET
 * /metrics}.
 */
public final class IngestServer implements AutoCloseable {
  /** Where and how the endpoint listens and how much it takes in at once. */
  public record Settings(
      String host, int port, int maxInFlightRecords, Duration ackTimeout, WebSettings web) {
    public Settings(String host, int port, int maxInFlightRecords, Duration ackTimeout) {
      this(host, port, maxInFlightRecords, ackTimeout, WebSettings.defaults());
    }

    public static Settings defaults() {
      return new Settings("127.0.0.1", 8080, 200_000, Duration.ofSeconds(60));
    }

    public Settings withWeb(WebSettings value) {
      return new Settings(host, port, maxInFlightRecords, ackTimeout, value);
    }

    /**
     * How long a claimed Idempotency-Key waits for its request before a retry may take it: the
     * acknowledgement timeout and a margin (a server that died while writing leaves such claims).
     */
    public Duration claimLease() {
      return ackTimeout.plusSeconds(30);
    }
  }

  private final Map<String, IngestStream> streams;
  private final ApiKeys keys;
  private final KafkaWriter writer;
  private final IdempotencyKeys idempotency;
  private final KeyRateLimits limits = new KeyRateLimits(Clock.systemUTC());

  /** Where the keys' answers are recorded: one thread, as the key stores are synchronized. */
  private final java.util.concurrent.ExecutorService bookkeeping =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          io.sluice.core.run.DaemonThreads.named("sluice-ingest-idempotency"));

  private final IngestMetrics metrics;
  private volatile java.util.function.Supplier<String> moreMetrics = () -> "";
  private final Javalin app;

  private IngestServer(
      Map<String, IngestStream> streams,
      String bootstrapServers,
      Map<String, String> properties,
      Settings settings,
      IdempotencyKeys idempotency,
      IngestMetrics metrics) {
    this.streams = Map.copyOf(streams);
    this.idempotency = idempotency;
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
              WebServers.configure(config, settings.host(), settings.port(), settings.web());
            });
    WebServers.answerBadMessages(app);
    app.post("/v1/streams/{stream}/records", this::ingest);
    app.get("/health", this::health);
    app.get(
        "/metrics",
        ctx ->
            ctx.contentType("text/plain; version=0.0.4")
                .result(metrics.prometheus() + moreMetrics.get()));
  }

  /** Serves {@code more} (Prometheus text) after the endpoint's own metrics at /metrics. */
  public void alsoServeMetrics(java.util.function.Supplier<String> more) {
    this.moreMetrics = more;
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

  /**
   * As {@link #start}, with more routes on the same server; Idempotency-Keys are kept in memory (at
   * most a million, lost with the process).
   */
  public static IngestServer start(
      Map<String, IngestStream> streams,
      String bootstrapServers,
      Map<String, String> properties,
      Settings settings,
      java.util.function.Consumer<Javalin> more) {
    return start(
        streams,
        bootstrapServers,
        properties,
        settings,
        IdempotencyKeys.inMemory(1_000_000, settings.claimLease(), Clock.systemUTC()),
        more);
  }

  /**
   * As {@link #start}, with the Idempotency-Keys kept in {@code idempotency} (closed with the
   * server) and more routes on the same server (the console, for serve --console).
   */
  public static IngestServer start(
      Map<String, IngestStream> streams,
      String bootstrapServers,
      Map<String, String> properties,
      Settings settings,
      IdempotencyKeys idempotency,
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
        new IngestServer(
            streams, bootstrapServers, properties, settings, idempotency, new IngestMetrics());
    more.accept(server.app);
    try {
      server.app.start(settings.host(), settings.port());
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
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
    bookkeeping.shutdown();
    try {
      bookkeeping.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    idempotency.close();
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
      ApiKeys.Access access =
          keys.authorize(ctx.header("X-API-Key"), ctx.header("Authorization"), stream);
      answer =
          access.refusal().isPresent()
              ? CompletableFuture.completedFuture(access.refusal().get())
              : accept(ctx, stream, access.keyIndex(), bodyBytes);
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

  private CompletableFuture<Answer> accept(
      Context ctx, IngestStream stream, int keyIndex, long[] bodyBytes) {
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
    Answer limited = rateLimit(stream, keyIndex, records.size());
    if (limited != null) {
      return done(limited);
    }
    Answer invalid = InvalidRecords.check(stream, records);
    if (invalid != null) {
      metrics.rejected(stream.name(), records.size());
      return done(invalid);
    }
    String idempotencyKey = ctx.header("Idempotency-Key");
    if (idempotencyKey == null) {
      return write(stream, records, null);
    }
    if (idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
      return done(
          Answer.error(
              400,
              "bad_idempotency_key",
              "An Idempotency-Key is 1 to 255 characters (a UUID is usual); this one has "
                  + idempotencyKey.length()));
    }
    return idempotent(stream, records, idempotencyKey);
  }

  /** 429 (or 413 for a request larger than a burst) when the key's rate limit refuses it. */
  private Answer rateLimit(IngestStream stream, int keyIndex, int records) {
    KeyRateLimits.Decision decision = limits.take(stream, keyIndex, records);
    if (decision.allowed()) {
      return null;
    }
    metrics.rateLimited(stream.name());
    if (decision.tooBig()) {
      return Answer.error(
          413,
          "too_many_records",
          "This request has "
              + records
              + " records; stream '"
              + stream.name()
              + "' takes at most "
              + stream.policy().burstRecords()
              + " per request and key (rate_limit_burst)");
    }
    return Answer.error(
            429,
            "rate_limited",
            "This API key may send "
                + stream.policy().recordsPerSecondPerKey().getAsLong()
                + " records per second to stream '"
                + stream.name()
                + "'; nothing of this request was written, retry after "
                + decision.retryAfterSeconds()
                + " s")
        .with(Map.of("Retry-After", Long.toString(decision.retryAfterSeconds())));
  }

  private CompletableFuture<Answer> idempotent(
      IngestStream stream, List<JsonNode> records, String idempotencyKey) {
    String fingerprint = RequestBody.fingerprint(records);
    IdempotencyKeys.Lookup lookup;
    try {
      lookup = idempotency.begin(stream.name(), idempotencyKey, fingerprint);
    } catch (SluiceException e) {
      return done(storeUnavailable(e));
    }
    if (lookup instanceof IdempotencyKeys.Reused) {
      metrics.reusedKey(stream.name());
      return done(
          Answer.error(
              422,
              "idempotency_key_reused",
              "This Idempotency-Key was used by a request with other records: nothing of this"
                  + " request was written; send new records with a new key"));
    }
    if (lookup instanceof IdempotencyKeys.Answered answered) {
      return done(
          new Answer(
              answered.answer().status(),
              answered.answer().body(),
              Map.of("Idempotent-Replayed", "true")));
    }
    if (lookup instanceof IdempotencyKeys.Running) {
      return done(
          Answer.error(
                  409,
                  "request_in_progress",
                  "A request with this Idempotency-Key is still being written; retry later")
              .with(Map.of("Retry-After", "1")));
    }
    // Kafka completes the write on its sender thread: the key's bookkeeping (a database update and,
    // on H2, a checkpoint) runs on the server's own thread, never on Kafka's.
    return write(stream, records, idempotencyKey)
        .thenApplyAsync(
            answer -> {
              try {
                if (answer.status() == 200) {
                  idempotency.succeeded(
                      stream.name(),
                      idempotencyKey,
                      fingerprint,
                      new IdempotencyKeys.Answer(200, answer.body()),
                      stream.policy().idempotencyWindow());
                } else {
                  idempotency.failed(stream.name(), idempotencyKey);
                }
                return answer;
              } catch (SluiceException e) {
                // written, but the key's answer is not kept: the client must not be told 200 and
                // then have a retry written twice without knowing; it retries and gets keys.
                return storeUnavailable(e);
              }
            },
            bookkeeping);
  }

  /** Writes valid records after applying the stream's unknown_fields policy. */
  private CompletableFuture<Answer> write(
      IngestStream stream, List<JsonNode> records, String idempotencyKey) {
    long moved = UnknownFields.apply(stream, records);
    metrics.unknownFields(stream.name(), stream.policy().unknownFields().toString(), moved);
    return writer.write(stream, records, idempotencyKey);
  }

  private static Answer storeUnavailable(SluiceException e) {
    return Answer.error(
            503,
            "idempotency_store_unavailable",
            "The Idempotency-Keys cannot be read or kept (" + e.getMessage() + "); retry later")
        .with(Map.of("Retry-After", "5"));
  }

  private static CompletableFuture<Answer> done(Answer answer) {
    return CompletableFuture.completedFuture(answer);
  }
}
