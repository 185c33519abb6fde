package io.sluice.engine.spark.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The calls of MLflow's REST API (2.0) that logging a training run needs, over plain HTTP: no
 * Python, no MLflow client library. Endpoints and fields as MLflow's REST API reference defines
 * them; limits too (a batch holds at most 100 parameters, 100 tags and 1,000 metrics).
 */
final class MlflowClient {
  static final int MAX_PARAMS_PER_BATCH = 100;
  static final int MAX_TAGS_PER_BATCH = 100;
  static final int MAX_METRICS_PER_BATCH = 1000;
  static final int MAX_PARAM_VALUE = 6000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final Optional<String> token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  MlflowClient(String url, Optional<String> token) {
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.token = token;
  }

  /** A failed call: the HTTP status and MLflow's error_code (RESOURCE_DOES_NOT_EXIST ...). */
  static final class MlflowException extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String errorCode;

    MlflowException(String call, int status, String errorCode, String message) {
      super(call + " answered " + status + " " + errorCode + ": " + message);
      this.status = status;
      this.errorCode = errorCode;
    }
  }

  /** The experiment's id, creating it when it does not exist. */
  String experimentId(String name) throws IOException {
    try {
      JsonNode found =
          get(
              "experiments/get-by-name?experiment_name="
                  + URLEncoder.encode(name, StandardCharsets.UTF_8));
      return found.path("experiment").path("experiment_id").asText();
    } catch (MlflowException e) {
      if (!"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode)) {
        throw e;
      }
    }
    ObjectNode body = JSON.createObjectNode().put("name", name);
    return post("experiments/create", body).path("experiment_id").asText();
  }

  /** Creates a run; returns its run_id and artifact_uri. */
  JsonNode createRun(
      String experimentId, String runName, long startMillis, Map<String, String> tags)
      throws IOException {
    ObjectNode body =
        JSON.createObjectNode()
            .put("experiment_id", experimentId)
            .put("run_name", runName)
            .put("start_time", startMillis);
    ArrayNode tagList = body.putArray("tags");
    tags.forEach((k, v) -> tagList.addObject().put("key", k).put("value", v));
    return post("runs/create", body).path("run").path("info");
  }

  /** Logs parameters, metrics and tags in as many batches as MLflow's limits need. */
  void logBatch(
      String runId,
      Map<String, String> params,
      Map<String, Double> metrics,
      Map<String, String> tags,
      long timestamp)
      throws IOException {
    List<Map.Entry<String, String>> p = List.copyOf(params.entrySet());
    List<Map.Entry<String, Double>> m = List.copyOf(metrics.entrySet());
    List<Map.Entry<String, String>> t = List.copyOf(tags.entrySet());
    int pi = 0;
    int mi = 0;
    int ti = 0;
    while (pi < p.size() || mi < m.size() || ti < t.size()) {
      ObjectNode body = JSON.createObjectNode().put("run_id", runId);
      ArrayNode batchParams = body.putArray("params");
      for (int n = 0; n < MAX_PARAMS_PER_BATCH && pi < p.size(); n++, pi++) {
        String value = p.get(pi).getValue();
        batchParams
            .addObject()
            .put("key", p.get(pi).getKey())
            .put(
                "value",
                value.length() > MAX_PARAM_VALUE ? value.substring(0, MAX_PARAM_VALUE) : value);
      }
      ArrayNode batchMetrics = body.putArray("metrics");
      for (int n = 0; n < MAX_METRICS_PER_BATCH - batchParams.size() && mi < m.size(); n++, mi++) {
        batchMetrics
            .addObject()
            .put("key", m.get(mi).getKey())
            .put("value", m.get(mi).getValue())
            .put("timestamp", timestamp)
            .put("step", 0);
      }
      ArrayNode batchTags = body.putArray("tags");
      for (int n = 0; n < MAX_TAGS_PER_BATCH && ti < t.size(); n++, ti++) {
        batchTags.addObject().put("key", t.get(ti).getKey()).put("value", t.get(ti).getValue());
      }
      var unused = post("runs/log-batch", body);
    }
  }

  /** Ends the run: FINISHED or FAILED. */
  void finishRun(String runId, String status, long endMillis) throws IOException {
    ObjectNode body =
        JSON.createObjectNode()
            .put("run_id", runId)
            .put("status", status)
            .put("end_time", endMillis);
    var unused = post("runs/update", body);
  }

  /**
   * Uploads one artifact file through the tracking server's artifact proxy ({@code mlflow server
   * --serve-artifacts}): {@code PUT /api/2.0/mlflow-artifacts/artifacts/EXP/RUN/artifacts/PATH}.
   */
  void uploadArtifact(String proxiedRoot, String path, byte[] content) throws IOException {
    HttpRequest request =
        authorised(
                HttpRequest.newBuilder(
                    URI.create(
                        base
                            + "/api/2.0/mlflow-artifacts/artifacts/"
                            + proxiedRoot
                            + "/"
                            + encodePath(path))))
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
            .build();
    send("mlflow-artifacts/artifacts", request);
  }

  private static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    for (String part : path.split("/")) {
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return out.toString();
  }

  private JsonNode get(String call) throws IOException {
    HttpRequest request =
        authorised(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + call)))
            .GET()
            .build();
    return send(call, request);
  }

  private JsonNode post(String call, JsonNode body) throws IOException {
    HttpRequest request =
        authorised(HttpRequest.newBuilder(URI.create(base + "/api/2.0/mlflow/" + call)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    return send(call, request);
  }

  private HttpRequest.Builder authorised(HttpRequest.Builder builder) {
    token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
    return builder.timeout(Duration.ofSeconds(60));
  }

  private JsonNode send(String call, HttpRequest request) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(call + " was interrupted", e);
    }
    JsonNode body =
        response.body() == null || response.body().isBlank()
            ? JSON.createObjectNode()
            : parse(response.body());
    if (response.statusCode() / 100 != 2) {
      throw new MlflowException(
          call,
          response.statusCode(),
          body.path("error_code").asText("UNKNOWN"),
          body.path("message").asText(response.body()));
    }
    return body;
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return JSON.createObjectNode().put("message", text);
    }
  }
}
