package io.sluice.server.ingest;

import static io.sluice.server.ingest.IngestTesting.assertRefused;
import static io.sluice.server.ingest.IngestTesting.topic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.testing.TestingKafka;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream's policies against a real broker: undeclared fields kept, refused or dropped; an API
 * key's rate limit; Idempotency-Keys that outlive the server in the run store.
 */
class IngestPolicyIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Map<String, String> COLUMNS = new LinkedHashMap<>();

  static {
    COLUMNS.put("id", "bigint");
    COLUMNS.put("city", "string");
  }

  @TempDir static Path dir;
  private static IngestServer server;

  private static IngestStream stream(String name, IngestPolicyFactory policy) {
    return new IngestStream(
            name,
            name + "-raw",
            COLUMNS,
            Set.of("id"),
            List.of("key-" + name),
            Optional.empty(),
            4096)
        .withPolicy(policy.apply(io.sluice.spi.IngestPolicy.defaults()));
  }

  private interface IngestPolicyFactory
      extends java.util.function.UnaryOperator<io.sluice.spi.IngestPolicy> {}

  private static Map<String, IngestStream> streams() {
    return Map.of(
        "keep", stream("keep", p -> p),
        "strict",
            stream(
                "strict",
                p -> p.withUnknownFields(io.sluice.spi.IngestPolicy.UnknownFields.REJECT)),
        "lean",
            stream("lean", p -> p.withUnknownFields(io.sluice.spi.IngestPolicy.UnknownFields.DROP)),
        "limited", stream("limited", p -> p.withRateLimit(1, 3)),
        "durable", stream("durable", p -> p));
  }

  private static IngestServer startServer() {
    IngestServer.Settings settings =
        new IngestServer.Settings("127.0.0.1", 0, 10_000, Duration.ofSeconds(30));
    return IngestServer.start(
        streams(),
        TestingKafka.bootstrapServers(),
        Map.of(),
        settings,
        IdempotencyKeys.durable(
            "jdbc:h2:file:" + dir.resolve("store/runs"), settings.claimLease(), Clock.systemUTC()),
        app -> {});
  }

  @BeforeAll
  static void start() {
    server = startServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(String stream, String body, Map<String, String> headers)
      throws Exception {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("X-API-Key", "key-" + stream);
    return IngestTesting.post(
        HTTP, "http://127.0.0.1:" + server.port(), stream, body, "application/json", all);
  }

  @Test
  void undeclaredFieldsAreKeptAsJsonRefusedWithTheirNameOrDroppedAndCounted() throws Exception {
    String record = "{\"id\": 1, \"city\": \"seoul\", \"cityy\": \"busan\", \"tags\": [1, 2]}";
    assertThat(post("keep", record, Map.of()).statusCode()).isEqualTo(200);
    assertThat(topic(TestingKafka.bootstrapServers(), "keep-raw"))
        .containsExactly(
            "null={\"id\":1,\"city\":\"seoul\",\"_unknown_fields\":"
                + "\"{\\\"cityy\\\":\\\"busan\\\",\\\"tags\\\":[1,2]}\"}");

    JsonNode refused = assertRefused(post("strict", record, Map.of()), 400, "invalid_records");
    assertThat(refused.get("problems").toString())
        .contains("\"field\":\"cityy\"")
        .contains("did you mean 'city'?")
        .contains("\"field\":\"tags\"");
    assertThat(topic(TestingKafka.bootstrapServers(), "strict-raw")).isEmpty();
    assertThat(post("strict", "{\"id\": 2, \"city\": \"daegu\"}", Map.of()).statusCode())
        .isEqualTo(200);

    assertThat(post("lean", record, Map.of()).statusCode()).isEqualTo(200);
    assertThat(topic(TestingKafka.bootstrapServers(), "lean-raw"))
        .containsExactly("null={\"id\":1,\"city\":\"seoul\"}");

    String metrics = IngestTesting.get(HTTP, "http://127.0.0.1:" + server.port(), "/metrics");
    assertThat(metrics)
        .contains("sluice_ingest_unknown_fields_total{stream=\"keep\",policy=\"keep\"} 2")
        .contains("sluice_ingest_unknown_fields_total{stream=\"lean\",policy=\"drop\"} 2")
        .contains("sluice_ingest_rejected_records_total{stream=\"strict\"} 1");
  }

  @Test
  void aKeyOverItsRateGets429WithRetryAfterAndNothingOfTheRequestIsWritten() throws Exception {
    // 1 record/s, bursts of 3: requests of 3 records as fast as they go
    String three = "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]";
    int requests = 20;
    int accepted = 0;
    int refused = 0;
    long started = System.nanoTime();
    HttpResponse<String> firstRefusal = null;
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> response = post("limited", three, Map.of());
      if (response.statusCode() == 200) {
        accepted++;
      } else {
        assertRefused(response, 429, "rate_limited");
        refused++;
        firstRefusal = firstRefusal == null ? response : firstRefusal;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // what the bucket allows in the time measured: the burst and one record per second since
    assertThat(accepted * 3).isLessThanOrEqualTo(3 + (int) Math.ceil(seconds));
    assertThat(accepted).isGreaterThanOrEqualTo(1);
    assertThat(accepted + refused).isEqualTo(requests);
    if (seconds < 3 * requests - 3) {
      assertThat(firstRefusal).isNotNull();
    }
    if (firstRefusal != null) {
      assertThat(Long.parseLong(firstRefusal.headers().firstValue("Retry-After").orElseThrow()))
          .isBetween(1L, 3L);
    }
    assertThat(topic(TestingKafka.bootstrapServers(), "limited-raw")).hasSize(accepted * 3);
    assertRefused(
        post("limited", "[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}, {\"id\": 4}]", Map.of()),
        413,
        "too_many_records");
    assertThat(IngestTesting.get(HTTP, "http://127.0.0.1:" + server.port(), "/metrics"))
        .contains("sluice_ingest_rate_limited_total{stream=\"limited\"} " + (refused + 1));
  }

  @Test
  void aRetryAfterARestartIsAnsweredFromTheRunStoreNotWrittenTwice() throws Exception {
    String batch = "[{\"id\": 7, \"city\": \"busan\"}, {\"id\": 8, \"city\": \"jeju\"}]";
    Map<String, String> key = Map.of("Idempotency-Key", "order-42");
    HttpResponse<String> first = post("durable", batch, key);
    assertThat(first.statusCode()).isEqualTo(200);
    server.close();
    server = startServer(); // a new process would see the same store: keys are not in memory
    HttpResponse<String> retry = post("durable", batch, key);
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(retry.body()).isEqualTo(first.body());
    assertRefused(
        post("durable", "[{\"id\": 9, \"city\": \"ulsan\"}]", key), 422, "idempotency_key_reused");
    assertThat(topic(TestingKafka.bootstrapServers(), "durable-raw"))
        .containsExactlyInAnyOrder(
            "order-42#0={\"id\":7,\"city\":\"busan\"}", "order-42#1={\"id\":8,\"city\":\"jeju\"}");
  }
}
