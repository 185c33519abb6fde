package io.sluice.server.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** An HTTP answer of the ingest endpoint: status, JSON body, headers. */
record Answer(int status, String body, Map<String, String> headers) {
  static final ObjectMapper JSON = new ObjectMapper();

  Answer(int status, String body) {
    this(status, body, Map.of());
  }

  /** {@code {"error": code, "message": message}}. */
  static Answer error(int status, String code, String message) {
    return new Answer(
        status, JSON.createObjectNode().put("error", code).put("message", message).toString());
  }

  /** The same answer with {@code headers}. */
  Answer with(Map<String, String> more) {
    return new Answer(status, body, more);
  }

  static Answer accepted(IngestStream stream, int count) {
    return new Answer(
        200,
        JSON.createObjectNode()
            .put("stream", stream.name())
            .put("topic", stream.topic())
            .put("accepted", count)
            .toString());
  }

  /** 503: Kafka acknowledged {@code acked} of {@code count} records; the client retries. */
  static Answer unacknowledged(int acked, int count, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
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

  static Answer tooLarge(IngestStream stream, long size) {
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
}
