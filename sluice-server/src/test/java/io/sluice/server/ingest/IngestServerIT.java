package io.sluice.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.services.EmbeddedKafka;
import io.sluice.testing.TestingKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
 * The ingest endpoint against a real broker: what is accepted lands in Kafka once, what is refused
 * gets its documented status and message and writes nothing.
 */
class IngestServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "key-ufo-1";
  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static IngestServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    kafka = TestingKafka.shared();
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("id", "bigint");
    columns.put("city", "string");
    columns.put("latitude", "double");
    columns.put("seen", "timestamp");
    IngestStream ufo =
        new IngestStream(
            "ufo", "ufo-raw", columns, Set.of("id", "city"), List.of(KEY), Optional.empty(), 4096);
    IngestStream other =
        new IngestStream(
            "other",
            "other",
            Map.of("id", "bigint"),
            Set.of("id"),
            List.of("key-other"),
            Optional.of("id"),
            4096);
    server =
        IngestServer.start(
            Map.of("ufo", ufo, "other", other),
            kafka.bootstrapServers(),
            Map.of(),
            new IngestServer.Settings("127.0.0.1", 0, 10_000, Duration.ofSeconds(30)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> post(
      String stream, String body, String contentType, Map<String, String> headers)
      throws Exception {
    return IngestTesting.post(
        HTTP, "http://127.0.0.1:" + server.port(), stream, body, contentType, headers);
  }

  private static HttpResponse<String> post(String body, Map<String, String> headers)
      throws Exception {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putIfAbsent("Authorization", "Bearer " + KEY);
    return post("ufo", body, "application/json", all);
  }

  private static List<String> topic(String topic) {
    return IngestTesting.topic(kafka.bootstrapServers(), topic);
  }

  @Test
  void acceptsObjectsArraysAndNdjsonAndAnswersARetryWithoutWritingAgain() throws Exception {
    HttpResponse<String> one =
        post("{\"id\": 1, \"city\": \"seoul\", \"latitude\": 37.5}", Map.of());
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    assertThat(JSON.readTree(one.body()).get("accepted").asInt()).isEqualTo(1);

    String batch =
        "[{\"id\": 2, \"city\": \"busan\"}, {\"id\": 3, \"city\": \"daegu\", \"seen\": \"2024-07-31T00:00:00+09:00\"}]";
    Map<String, String> idempotent = Map.of("Idempotency-Key", "batch-7");
    HttpResponse<String> first = post(batch, idempotent);
    HttpResponse<String> retry = post(batch, idempotent);
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(retry.body()).isEqualTo(first.body());
    // the same key with other records: refused, nothing of it written (it was acknowledged 200 and
    // dropped before); the same records sent as NDJSON are the same request
    HttpResponse<String> reused = post("[{\"id\": 2, \"city\": \"incheon\"}]", idempotent);
    assertRefused(reused, 422, "idempotency_key_reused");
    assertThat(reused.headers().firstValue("Idempotent-Replayed")).isEmpty();
    HttpResponse<String> sameAsNdjson =
        post(
            "ufo",
            "{\"id\": 2,  \"city\": \"busan\"}\n{\"id\": 3, \"city\": \"daegu\", \"seen\":"
                + " \"2024-07-31T00:00:00+09:00\"}\n",
            "application/x-ndjson",
            Map.of("X-API-Key", KEY, "Idempotency-Key", "batch-7"));
    assertThat(sameAsNdjson.statusCode()).isEqualTo(200);
    assertThat(sameAsNdjson.headers().firstValue("Idempotent-Replayed")).contains("true");

    HttpResponse<String> ndjson =
        post(
            "ufo",
            "{\"id\": 4, \"city\": \"ulsan\"}\n\n{\"id\": 5, \"city\": \"jeju\"}\n",
            "application/x-ndjson",
            Map.of("X-API-Key", KEY));
    assertThat(ndjson.statusCode()).as(ndjson.body()).isEqualTo(200);

    assertThat(topic("ufo-raw"))
        .containsExactlyInAnyOrder(
            "null={\"id\":1,\"city\":\"seoul\",\"latitude\":37.5}",
            "batch-7#0={\"id\":2,\"city\":\"busan\"}",
            "batch-7#1={\"id\":3,\"city\":\"daegu\",\"seen\":\"2024-07-31T00:00:00+09:00\"}",
            "null={\"id\":4,\"city\":\"ulsan\"}",
            "null={\"id\":5,\"city\":\"jeju\"}");
    HttpResponse<String> metrics =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("sluice_ingest_records_total{stream=\"ufo\"} 5")
        .contains("sluice_ingest_idempotency_key_reused_total{stream=\"ufo\"} 1")
        .contains("sluice_ingest_requests_total{stream=\"ufo\",status=\"422\"} 1");
    HttpResponse<String> health =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("ok");
  }

  @Test
  void refusesBadInputWithItsStatusAndWritesNothingOfIt() throws Exception {
    assertRefused(post("{\"id\": 1, \"city\": ", Map.of()), 400, "malformed_json");
    assertRefused(
        post(
            "ufo",
            "{\"id\": 1, \"city\": \"a\"}\n{oops}\n",
            "application/x-ndjson",
            Map.of("X-API-Key", KEY)),
        400,
        "malformed_json");
    HttpResponse<String> wrongTypes =
        post(
            "[{\"id\": 1, \"city\": \"ok\"}, {\"id\": \"seven\", \"city\": \"x\", \"latitude\": \"33q.2\"}]",
            Map.of());
    JsonNode invalid = assertRefused(wrongTypes, 400, "invalid_records");
    assertThat(invalid.get("invalid_records").asInt()).isEqualTo(1);
    assertThat(invalid.get("problems").toString())
        .contains(
            "{\"index\":1,\"field\":\"id\",\"problem\":\"expected bigint, got a string \\\"seven\\\"\"}")
        .contains(
            "{\"index\":1,\"field\":\"latitude\",\"problem\":\"expected double, got a string \\\"33q.2\\\"\"}");
    JsonNode missing = assertRefused(post("[{\"id\": 9}, 17]", Map.of()), 400, "invalid_records");
    assertThat(missing.get("problems").toString())
        .contains(
            "{\"index\":0,\"field\":\"city\",\"problem\":\"required field is missing or null\"}")
        .contains(
            "{\"index\":1,\"field\":\"\",\"problem\":\"expected a JSON object, got an integer 17\"}");
    assertRefused(post("[]", Map.of()), 400, "no_records");
    String big =
        "["
            + "{\"id\": 1, \"city\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"},".repeat(200)
            + "{\"id\": 1, \"city\": \"x\"}]";
    assertRefused(post(big, Map.of()), 413, "body_too_large");
    HttpResponse<String> noKey =
        post("ufo", "{\"id\": 1, \"city\": \"a\"}", "application/json", Map.of());
    assertRefused(noKey, 401, "missing_api_key");
    assertThat(noKey.headers().firstValue("WWW-Authenticate")).isPresent();
    assertRefused(
        post("{\"id\": 1, \"city\": \"a\"}", Map.of("Authorization", "Bearer wrong")),
        403,
        "invalid_api_key");
    assertRefused(
        post("{\"id\": 1, \"city\": \"a\"}", Map.of("Authorization", "Bearer key-other")),
        403,
        "invalid_api_key");
    assertRefused(
        post("nope", "{\"id\": 1}", "application/json", Map.of("X-API-Key", KEY)),
        404,
        "unknown_stream");
    assertThat(topic("ufo-raw")).noneMatch(v -> v.contains("seven") || v.contains("\"id\":9"));
    assertThat(topic("ufo-raw")).noneMatch(v -> v.contains("xxxxxxxx") || v.contains("\"a\""));
  }

  @Test
  void keysRecordsByTheirIdField() throws Exception {
    HttpResponse<String> response =
        post(
            "other",
            "[{\"id\": 41}, {\"id\": 42}]",
            "application/json",
            Map.of("X-API-Key", "key-other"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(topic("other")).containsExactlyInAnyOrder("41={\"id\":41}", "42={\"id\":42}");
  }

  private static JsonNode assertRefused(HttpResponse<String> response, int status, String error)
      throws Exception {
    return IngestTesting.assertRefused(response, status, error);
  }
}
