package io.sluice.server.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the ingest endpoint in Prometheus' text format. */
final class IngestMetrics {
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> records = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> latencyMicros = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> reusedKeys = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> unknownFields = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> rateLimited = new ConcurrentHashMap<>();

  void request(String stream, int status, long bodyBytes, long micros) {
    String labels = "stream=\"" + stream + "\",status=\"" + status + "\"";
    requests.computeIfAbsent(labels, k -> new LongAdder()).increment();
    bytes.computeIfAbsent("stream=\"" + stream + "\"", k -> new LongAdder()).add(bodyBytes);
    latencyMicros.computeIfAbsent("stream=\"" + stream + "\"", k -> new LongAdder()).add(micros);
  }

  void accepted(String stream, long count) {
    records.computeIfAbsent("stream=\"" + stream + "\"", k -> new LongAdder()).add(count);
  }

  void rejected(String stream, long count) {
    rejected.computeIfAbsent("stream=\"" + stream + "\"", k -> new LongAdder()).add(count);
  }

  void reusedKey(String stream) {
    reusedKeys.computeIfAbsent("stream=\"" + stream + "\"", k -> new LongAdder()).increment();
  }

  void unknownFields(String stream, String policy, long count) {
    if (count > 0) {
      unknownFields
          .computeIfAbsent(
              "stream=\"" + stream + "\",policy=\"" + policy + "\"", k -> new LongAdder())
          .add(count);
    }
  }

  void rateLimited(String stream) {
    rateLimited.computeIfAbsent("stream=\"" + stream + "\"", k -> new LongAdder()).increment();
  }

  long accepted(String stream) {
    LongAdder adder = records.get("stream=\"" + stream + "\"");
    return adder == null ? 0 : adder.sum();
  }

  String prometheus() {
    StringBuilder out = new StringBuilder();
    family(
        out, "sluice_ingest_requests_total", "counter", "Requests by stream and status", requests);
    family(out, "sluice_ingest_records_total", "counter", "Records acknowledged by Kafka", records);
    family(
        out,
        "sluice_ingest_rejected_records_total",
        "counter",
        "Records refused by validation",
        rejected);
    family(out, "sluice_ingest_bytes_total", "counter", "Request body bytes", bytes);
    family(
        out,
        "sluice_ingest_request_micros_total",
        "counter",
        "Time spent answering requests, in microseconds",
        latencyMicros);
    family(
        out,
        "sluice_ingest_idempotency_key_reused_total",
        "counter",
        "Requests refused because their Idempotency-Key came with other records",
        reusedKeys);
    family(
        out,
        "sluice_ingest_unknown_fields_total",
        "counter",
        "Undeclared fields of accepted records, kept in _unknown_fields or dropped",
        unknownFields);
    family(
        out,
        "sluice_ingest_rate_limited_total",
        "counter",
        "Requests refused with 429 by an API key's rate limit",
        rateLimited);
    return out.toString();
  }

  private static void family(
      StringBuilder out, String name, String type, String help, Map<String, LongAdder> values) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    new TreeMap<>(values)
        .forEach(
            (labels, value) ->
                out.append(String.format(Locale.ROOT, "%s{%s} %d%n", name, labels, value.sum())));
  }
}
