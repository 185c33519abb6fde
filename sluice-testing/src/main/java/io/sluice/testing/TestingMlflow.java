package io.sluice.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for an MLflow tracking server (no MLflow server can run here: it is Python). It
 * implements the REST endpoints Sluice calls exactly as MLflow's REST API reference (2.0) defines
 * them, and is strict where the reference is: required fields and their types, the batch limits
 * (1,000 metrics, 100 parameters, 100 tags), parameter keys of at most 250 and values of at most
 * 6,000 characters, parameters that cannot change once logged, the run status values. Unknown
 * fields are refused (MLflow ignores them; refusing catches misspelt ones). Every request is kept
 * for assertions; artifacts uploaded through the proxy endpoint are kept by path.
 */
public final class TestingMlflow implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STATUSES =
      Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");

  /**
   * One request as received. (proto3's JSON mapping, which MLflow's clients use, may write int64
   * values as strings; both forms are accepted, as MLflow does.)
   */
  public record Call(String method, String path, String body) {}

  /** A run as the server holds it. */
  public static final class Run {
    public final String runId;
    public final String experimentId;
    public volatile String status = "RUNNING";
    public volatile String runName;
    public final Map<String, String> params = new ConcurrentHashMap<>();
    public final Map<String, Double> metrics = new ConcurrentHashMap<>();
    public final Map<String, String> tags = new ConcurrentHashMap<>();

    Run(String runId, String experimentId) {
      this.runId = runId;
      this.experimentId = experimentId;
    }
  }

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, String> experiments = new ConcurrentHashMap<>(); // name -> id
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final boolean proxyArtifacts;

  private TestingMlflow(HttpServer server, boolean proxyArtifacts) {
    this.server = server;
    this.proxyArtifacts = proxyArtifacts;
  }

  /**
   * Starts on a free port of 127.0.0.1; {@code proxyArtifacts} as `mlflow server
   * --serve-artifacts`.
   */
  public static TestingMlflow start(boolean proxyArtifacts) {
    try {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      TestingMlflow mlflow = new TestingMlflow(http, proxyArtifacts);
      http.createContext("/", mlflow::handle);
      http.start();
      return mlflow;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public Map<String, String> experiments() {
    return Map.copyOf(experiments);
  }

  public List<Run> runs() {
    return List.copyOf(runs.values());
  }

  public Map<String, byte[]> artifacts() {
    return Collections.unmodifiableMap(artifacts);
  }

  /** A refusal as MLflow answers one: HTTP status, error_code, message. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;

    Refused(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] raw = exchange.getRequestBody().readAllBytes();
    String body = new String(raw, StandardCharsets.UTF_8);
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    calls.add(new Call(method, exchange.getRequestURI().toString(), body));
    try {
      JsonNode answer;
      if (method.equals("PUT") && path.startsWith("/api/2.0/mlflow-artifacts/artifacts/")) {
        if (!proxyArtifacts) {
          throw new Refused(404, "ENDPOINT_NOT_FOUND", "artifacts are not served");
        }
        artifacts.put(
            URLDecoder.decode(
                path.substring("/api/2.0/mlflow-artifacts/artifacts/".length()),
                StandardCharsets.UTF_8),
            raw);
        answer = JSON.createObjectNode();
      } else {
        answer = api(method, path, exchange.getRequestURI().getRawQuery(), body);
      }
      respond(exchange, 200, answer);
    } catch (Refused e) {
      respond(
          exchange,
          e.status,
          JSON.createObjectNode().put("error_code", e.code).put("message", e.getMessage()));
    }
  }

  private JsonNode api(String method, String path, String query, String body) throws Refused {
    switch (method + " " + path) {
      case "GET /api/2.0/mlflow/experiments/get-by-name":
        return getByName(query);
      case "POST /api/2.0/mlflow/experiments/create":
        return createExperiment(object(body, Set.of("name", "artifact_location", "tags")));
      case "POST /api/2.0/mlflow/runs/create":
        return createRun(
            object(body, Set.of("experiment_id", "user_id", "run_name", "start_time", "tags")));
      case "POST /api/2.0/mlflow/runs/log-batch":
        return logBatch(object(body, Set.of("run_id", "metrics", "params", "tags")));
      case "POST /api/2.0/mlflow/runs/update":
        return update(object(body, Set.of("run_id", "run_uuid", "status", "end_time", "run_name")));
      default:
        throw new Refused(404, "ENDPOINT_NOT_FOUND", "No endpoint " + method + " " + path);
    }
  }

  private JsonNode getByName(String query) throws Refused {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          parameters.put(
              pair.substring(0, eq),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    String name = parameters.get("experiment_name");
    if (name == null || name.isEmpty()) {
      throw invalid("Missing value for required parameter 'experiment_name'");
    }
    String id = experiments.get(name);
    if (id == null) {
      throw new Refused(
          404, "RESOURCE_DOES_NOT_EXIST", "Could not find experiment with name '" + name + "'");
    }
    ObjectNode answer = JSON.createObjectNode();
    answer
        .putObject("experiment")
        .put("experiment_id", id)
        .put("name", name)
        .put("artifact_location", "mlflow-artifacts:/" + id)
        .put("lifecycle_stage", "active");
    return answer;
  }

  private JsonNode createExperiment(JsonNode body) throws Refused {
    String name = requiredString(body, "name");
    synchronized (experiments) {
      if (experiments.containsKey(name)) {
        throw new Refused(
            400, "RESOURCE_ALREADY_EXISTS", "Experiment '" + name + "' already exists.");
      }
      String id = Long.toString(ids.incrementAndGet());
      experiments.put(name, id);
      return JSON.createObjectNode().put("experiment_id", id);
    }
  }

  private JsonNode createRun(JsonNode body) throws Refused {
    String experiment = requiredString(body, "experiment_id");
    if (!experiments.containsValue(experiment)) {
      throw new Refused(404, "RESOURCE_DOES_NOT_EXIST", "No experiment with id " + experiment);
    }
    long start = optionalLong(body, "start_time");
    String runId = Long.toHexString(ids.incrementAndGet() * 7919L) + "f00d";
    Run run = new Run(runId, experiment);
    run.runName = body.path("run_name").asText(null);
    for (Map.Entry<String, String> tag : pairs(body, "tags", Set.of("key", "value"))) {
      run.tags.put(tag.getKey(), tag.getValue());
    }
    runs.put(runId, run);
    ObjectNode answer = JSON.createObjectNode();
    answer
        .putObject("run")
        .putObject("info")
        .put("run_id", runId)
        .put("run_uuid", runId)
        .put("experiment_id", experiment)
        .put("run_name", run.runName)
        .put("status", "RUNNING")
        .put("start_time", start)
        .put(
            "artifact_uri",
            proxyArtifacts
                ? "mlflow-artifacts:/" + experiment + "/" + runId + "/artifacts"
                : "/mlruns/" + experiment + "/" + runId + "/artifacts")
        .put("lifecycle_stage", "active");
    return answer;
  }

  private JsonNode logBatch(JsonNode body) throws Refused {
    Run run = run(requiredString(body, "run_id"));
    JsonNode metrics = body.path("metrics");
    JsonNode params = body.path("params");
    JsonNode tags = body.path("tags");
    if (metrics.size() > 1000
        || params.size() > 100
        || tags.size() > 100
        || metrics.size() + params.size() + tags.size() > 1000) {
      throw invalid(
          "A batch logging request can contain at most 1000 metrics, 100 params and 100 tags;"
              + " got "
              + metrics.size()
              + ", "
              + params.size()
              + ", "
              + tags.size());
    }
    for (Map.Entry<String, String> param : pairs(body, "params", Set.of("key", "value"))) {
      if (param.getKey().length() > 250 || param.getValue().length() > 6000) {
        throw invalid("Param '" + param.getKey() + "' is too long");
      }
      String before = run.params.putIfAbsent(param.getKey(), param.getValue());
      if (before != null && !before.equals(param.getValue())) {
        throw invalid(
            "Changing param values is not allowed. Param with key='"
                + param.getKey()
                + "' was already logged with value='"
                + before
                + "'");
      }
    }
    if (!metrics.isMissingNode() && !metrics.isArray()) {
      throw invalid("metrics must be an array");
    }
    for (JsonNode metric : metrics) {
      fields(metric, Set.of("key", "value", "timestamp", "step"));
      String key = requiredString(metric, "key");
      JsonNode value = metric.path("value");
      if (!value.isNumber()
          && !(value.isTextual() && value.asText().matches("NaN|-?Infinity|-?[0-9.eE+-]+"))) {
        throw invalid("Metric '" + key + "' has a non-numeric value: " + value);
      }
      if (metric.path("timestamp").isMissingNode()) {
        throw invalid("Missing value for required parameter 'metrics[].timestamp' of " + key);
      }
      long unusedTimestamp = optionalLong(metric, "timestamp");
      if (!key.matches("[A-Za-z0-9_\\-. /]+")) {
        throw invalid("Invalid metric name: '" + key + "'");
      }
      run.metrics.put(
          key, value.isNumber() ? value.asDouble() : Double.parseDouble(value.asText()));
    }
    for (Map.Entry<String, String> tag : pairs(body, "tags", Set.of("key", "value"))) {
      run.tags.put(tag.getKey(), tag.getValue());
    }
    return JSON.createObjectNode();
  }

  private JsonNode update(JsonNode body) throws Refused {
    Run run = run(requiredString(body, "run_id"));
    String status = body.path("status").asText("");
    if (!status.isEmpty() && !STATUSES.contains(status)) {
      throw invalid("Invalid value '" + status + "' for parameter 'status'");
    }
    if (!status.isEmpty()) {
      run.status = status;
    }
    long unused = optionalLong(body, "end_time");
    ObjectNode answer = JSON.createObjectNode();
    answer.putObject("run_info").put("run_id", run.runId).put("status", run.status);
    return answer;
  }

  private Run run(String id) throws Refused {
    Run run = runs.get(id);
    if (run == null) {
      throw new Refused(404, "RESOURCE_DOES_NOT_EXIST", "Run '" + id + "' not found");
    }
    return run;
  }

  private static JsonNode object(String body, Set<String> allowed) throws Refused {
    JsonNode node;
    try {
      node = JSON.readTree(body);
    } catch (IOException e) {
      throw invalid("Malformed JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw invalid("Expected a JSON object");
    }
    fields(node, allowed);
    return node;
  }

  private static void fields(JsonNode node, Set<String> allowed) throws Refused {
    List<String> unknown = new ArrayList<>();
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if (!allowed.contains(name)) {
                unknown.add(name);
              }
            });
    if (!unknown.isEmpty()) {
      throw invalid("Unknown field(s) " + unknown + "; expected some of " + allowed);
    }
  }

  private static List<Map.Entry<String, String>> pairs(
      JsonNode body, String field, Set<String> allowed) throws Refused {
    JsonNode list = body.path(field);
    List<Map.Entry<String, String>> result = new ArrayList<>();
    if (list.isMissingNode()) {
      return result;
    }
    if (!list.isArray()) {
      throw invalid("'" + field + "' must be an array");
    }
    for (JsonNode item : list) {
      fields(item, allowed);
      String key = requiredString(item, "key");
      if (!item.path("value").isTextual()) {
        throw invalid("'" + field + "[].value' of '" + key + "' must be a string");
      }
      result.add(Map.entry(key, item.path("value").asText()));
    }
    return result;
  }

  private static String requiredString(JsonNode node, String field) throws Refused {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw invalid("Missing value for required parameter '" + field + "'");
    }
    return value.asText();
  }

  private static long optionalLong(JsonNode node, String field) throws Refused {
    JsonNode value = node.path(field);
    if (value.isMissingNode()) {
      return 0;
    }
    // proto3's JSON mapping writes an int64 as a number or as a string of digits
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.asLong();
    }
    if (value.isTextual() && value.asText().matches("-?[0-9]{1,19}")) {
      return Long.parseLong(value.asText());
    }
    throw invalid("Parameter '" + field + "' must be an int64, got " + value);
  }

  private static Refused invalid(String message) {
    return new Refused(400, "INVALID_PARAMETER_VALUE", message);
  }

  private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (var out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
