package io.sluice.server.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The HTTP ingest endpoint: {@code POST /v1/streams/{stream}/records} with one JSON object, a JSON
 * array of objects, or NDJSON ({@code Content-Type: application/x-ndjson}). Every record is checked
 * first and a request with any bad record is refused whole (400, each problem by index and field):
 * nothing of it is written. Accepted records go to the stream's Kafka topic through an idempotent
 * producer with {@code acks=all}, and the answer is 200 only after Kafka acknowledged every one.
 *
 * <p>Statuses: 400 malformed or invalid, 401 no API key, 403 a key not valid for the stream, 404
 * unknown stream, 409 the same Idempotency-Key is still being written, 413 body too large, 429 with
 * Retry-After when too many records are in flight, 503 when Kafka did not acknowledge in time (the
 * client retries with the same Idempotency-Key). Also {@code GET /health} and {@code GET /metrics}.
 */
public final class IngestServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where and how the endpoint listens and how much it takes in at once. */
  public record Settings(String host, int port, int maxInFlightRecords, Duration ackTimeout) {
    public static Settings defaults() {
      return new Settings("127.0.0.1", 8080, 200_000, Duration.ofSeconds(60));
    }
  }

  private final Map<String, IngestStream> streams;
  private final Map<String, byte[][]> keyDigests = new HashMap<>();
  private final Producer<String, String> producer;
  private final Settings settings;
  private final Semaphore inFlight;
  private final IdempotencyCache idempotency =
      new IdempotencyCache(1_000_000, Duration.ofHours(24), Clock.systemUTC());
  private final IngestMetrics metrics = new IngestMetrics();
  private final Javalin app;

  private IngestServer(
      Map<String, IngestStream> streams, Producer<String, String> producer, Settings settings) {
    this.streams = Map.copyOf(streams);
    this.producer = producer;
    this.settings = settings;
    this.inFlight = new Semaphore(settings.maxInFlightRecords());
    for (IngestStream stream : streams.values()) {
      keyDigests.put(
          stream.name(),
          stream.apiKeys().stream().map(IngestServer::digest).toArray(byte[][]::new));
    }
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
    for (IngestStream stream : streams.values()) {
      if (stream.apiKeys().isEmpty()) {
        throw new IllegalArgumentException(
            "Cannot serve stream '"
                + stream.name()
                + "': it has no api_keys; add api_keys: ['${env:SOME_KEY}'] to its http-ingest"
                + " source");
      }
    }
    Map<String, Object> config = new HashMap<>(properties);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.LINGER_MS_CONFIG, "2");
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    // Kafka requires delivery.timeout >= linger + request.timeout.
    long ackMillis = Math.max(2_000, settings.ackTimeout().toMillis());
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(ackMillis));
    config.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(10_000, ackMillis / 2)));
    Producer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    IngestServer server = new IngestServer(streams, producer, settings);
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
    producer.close(Duration.ofSeconds(10));
  }

  // ------------------------------------------------------------------ handlers

  private void health(Context ctx) {
    ObjectNode body = JSON.createObjectNode().put("status", "ok");
    ArrayNode list = body.putArray("streams");
    streams.values().forEach(s -> list.addObject().put("stream", s.name()).put("topic", s.topic()));
    body.put("records_in_flight", settings.maxInFlightRecords() - inFlight.availablePermits());
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
              error(
                  404,
                  "unknown_stream",
                  "No stream '" + name + "'; streams: " + String.join(", ", streams.keySet())));
    } else {
      Optional<Answer> refused = authorize(ctx, stream);
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

  /** An HTTP answer. */
  private record Answer(int status, String body, Map<String, String> headers) {
    Answer(int status, String body) {
      this(status, body, Map.of());
    }
  }

  private static Answer error(int status, String code, String message) {
    return new Answer(
        status, JSON.createObjectNode().put("error", code).put("message", message).toString());
  }

  private Optional<Answer> authorize(Context ctx, IngestStream stream) {
    String key = ctx.header("X-API-Key");
    String authorization = ctx.header("Authorization");
    if (key == null
        && authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = authorization.substring(7).trim();
    }
    if (key == null || key.isEmpty()) {
      return Optional.of(
          new Answer(
              401,
              error(
                      401,
                      "missing_api_key",
                      "Send the stream's API key as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'")
                  .body(),
              Map.of("WWW-Authenticate", "Bearer realm=\"sluice\"")));
    }
    byte[] offered = digest(key);
    boolean valid = false;
    for (byte[] accepted : keyDigests.get(stream.name())) {
      valid |= MessageDigest.isEqual(offered, accepted); // every key compared, in constant time
    }
    return valid
        ? Optional.empty()
        : Optional.of(
            error(
                403,
                "invalid_api_key",
                "This API key is not valid for stream '" + stream.name() + "'"));
  }

  private CompletableFuture<Answer> accept(Context ctx, IngestStream stream, long[] bodyBytes) {
    long declared = ctx.contentLength();
    if (declared > stream.maxRequestBytes()) {
      return done(tooLarge(stream, declared));
    }
    byte[] body;
    try {
      body = readAtMost(ctx.bodyInputStream(), stream.maxRequestBytes());
    } catch (IOException e) {
      return done(error(400, "unreadable_body", "Cannot read the request body: " + e.getMessage()));
    }
    if (body == null) {
      return done(tooLarge(stream, -1));
    }
    bodyBytes[0] = body.length;
    List<JsonNode> records;
    try {
      records = parse(body, ctx.contentType());
    } catch (JsonProcessingException e) {
      return done(
          error(
              400,
              "malformed_json",
              "The body is not "
                  + (isNdjson(ctx.contentType()) ? "NDJSON" : "JSON")
                  + ": "
                  + e.getOriginalMessage()
                  + location(e)));
    }
    if (records.isEmpty()) {
      return done(error(400, "no_records", "The body holds no records"));
    }
    Answer invalid = validate(stream, records);
    if (invalid != null) {
      return done(invalid);
    }
    String idempotencyKey = ctx.header("Idempotency-Key");
    if (idempotencyKey == null) {
      return write(stream, records, null);
    }
    String cacheKey = stream.name() + "\u0000" + idempotencyKey;
    IdempotencyCache.Lookup lookup = idempotency.begin(cacheKey);
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
              error(
                      409,
                      "request_in_progress",
                      "A request with this Idempotency-Key is still being written; retry later")
                  .body(),
              Map.of("Retry-After", "1")));
    }
    return write(stream, records, idempotencyKey)
        .whenComplete(
            (answer, failure) -> {
              if (answer != null && answer.status() == 200) {
                idempotency.succeeded(cacheKey, new IdempotencyCache.Answer(200, answer.body()));
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
        JSON.createObjectNode()
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

  /**
   * Hands the records to the producer and answers once Kafka acknowledged all of them (200) or
   * refused one (503). The permits for in-flight records are given back when every send has ended,
   * so a slow broker cannot make the endpoint take more than its limit.
   */
  private CompletableFuture<Answer> write(
      IngestStream stream, List<JsonNode> records, String idempotencyKey) {
    int count = records.size();
    if (count > settings.maxInFlightRecords() || !inFlight.tryAcquire(count)) {
      return done(
          new Answer(
              429,
              error(
                      429,
                      "too_many_records_in_flight",
                      "The endpoint is writing "
                          + settings.maxInFlightRecords()
                          + " records already; retry after a second")
                  .body(),
              Map.of("Retry-After", "1")));
    }
    CompletableFuture<Answer> result = new CompletableFuture<>();
    AtomicInteger acked = new AtomicInteger();
    AtomicInteger pending = new AtomicInteger(count);
    for (int i = 0; i < count; i++) {
      JsonNode record = records.get(i);
      try {
        // The callback below answers; the returned future is not needed.
        var unused =
            producer.send(
                new ProducerRecord<>(
                    stream.topic(), key(stream, record, idempotencyKey, i), record.toString()),
                (metadata, failure) -> {
                  if (failure != null) {
                    result.complete(unacknowledged(acked.get(), count, failure));
                  } else if (acked.incrementAndGet() == count) {
                    metrics.accepted(stream.name(), count);
                    result.complete(accepted(stream, count));
                  }
                  if (pending.decrementAndGet() == 0) {
                    inFlight.release(count);
                  }
                });
      } catch (org.apache.kafka.common.KafkaException e) { // buffer full, metadata timeout
        result.complete(
            new Answer(
                503,
                error(
                        503,
                        "kafka_unavailable",
                        "Cannot hand the records to Kafka: " + e.getMessage())
                    .body(),
                Map.of("Retry-After", "2")));
        if (pending.addAndGet(-(count - i)) == 0) {
          inFlight.release(count);
        }
        break;
      }
    }
    // Kafka's delivery timeout ends every send; this only guards against a lost callback.
    return result
        .orTimeout(settings.ackTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)
        .exceptionally(failure -> unacknowledged(acked.get(), count, failure));
  }

  private static Answer accepted(IngestStream stream, int count) {
    return new Answer(
        200,
        JSON.createObjectNode()
            .put("stream", stream.name())
            .put("topic", stream.topic())
            .put("accepted", count)
            .toString());
  }

  private static Answer unacknowledged(int acked, int count, Throwable failure) {
    Throwable cause =
        failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return new Answer(
        503,
        JSON.createObjectNode()
            .put("error", "kafka_unavailable")
            .put(
                "message",
                "Kafka did not acknowledge every record ("
                    + acked
                    + " of "
                    + count
                    + "): "
                    + (cause instanceof TimeoutException
                        ? "no acknowledgement in time"
                        : cause.getMessage())
                    + "; retry with the same Idempotency-Key")
            .put("acknowledged", acked)
            .put("records", count)
            .toString(),
        Map.of("Retry-After", "2"));
  }

  /**
   * The Kafka key: the record's id field when the stream has one, else the Idempotency-Key and the
   * record's index (so a retried request's records have the same keys), else none.
   */
  private static String key(
      IngestStream stream, JsonNode record, String idempotencyKey, int index) {
    if (stream.recordIdField().isPresent()) {
      JsonNode id = record.get(stream.recordIdField().get());
      if (id != null && !id.isNull()) {
        return id.isTextual() ? id.asText() : id.toString();
      }
    }
    return idempotencyKey == null ? null : idempotencyKey + "#" + index;
  }

  // ------------------------------------------------------------------ parsing

  private static boolean isNdjson(String contentType) {
    return contentType != null
        && (contentType.toLowerCase(Locale.ROOT).contains("ndjson")
            || contentType.toLowerCase(Locale.ROOT).contains("jsonlines")
            || contentType.toLowerCase(Locale.ROOT).contains("json-seq"));
  }

  static List<JsonNode> parse(byte[] body, String contentType) throws JsonProcessingException {
    List<JsonNode> records = new ArrayList<>();
    if (isNdjson(contentType)) {
      String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty()) {
          continue;
        }
        try {
          records.add(JSON.readTree(line));
        } catch (JsonProcessingException e) {
          throw new LineException(i + 1, e);
        }
      }
      return records;
    }
    JsonNode root;
    try (JsonParser parser = JSON.createParser(body)) {
      root = JSON.readTree(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseProblem(
            "more than one JSON value; send an array, or NDJSON with Content-Type:"
                + " application/x-ndjson");
      }
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new JsonParseProblem(e.getMessage());
    }
    if (root == null) {
      return records;
    }
    if (root.isArray()) {
      root.forEach(records::add);
    } else {
      records.add(root);
    }
    return records;
  }

  /** A JSON problem found outside Jackson's parser. */
  static final class JsonParseProblem extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    JsonParseProblem(String message) {
      super(message);
    }
  }

  /** A bad NDJSON line. */
  static final class LineException extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    LineException(int line, JsonProcessingException cause) {
      super("line " + line + ": " + cause.getOriginalMessage(), cause);
    }
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null || e instanceof LineException
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /** Reads up to {@code limit} bytes; null when the body is longer. */
  private static byte[] readAtMost(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16_384];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > limit) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static Answer tooLarge(IngestStream stream, long size) {
    return error(
        413,
        "body_too_large",
        "The body "
            + (size >= 0 ? "(" + size + " bytes) " : "")
            + "is larger than stream '"
            + stream.name()
            + "' accepts ("
            + stream.maxRequestBytes()
            + " bytes, max_request_bytes); send fewer records per request");
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
