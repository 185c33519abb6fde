package io.sluice.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GETs one page: rate-limited, retried with exponential backoff and full jitter after a 429, a 5xx,
 * a timeout or a dropped connection (a {@code Retry-After} header sets the wait and, on a 429,
 * holds every request), and failing at once on other statuses with the API's own error message.
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long BASE_BACKOFF_MILLIS = 250;
  static final long MAX_BACKOFF_MILLIS = 30_000;

  /**
   * A page's answer: the records array as the API sent it (its bytes, UTF-8) and how many records
   * it holds (0 past the end).
   */
  static final class Page {
    private final long page;
    private final byte[] records;
    private final int count;

    Page(long page, byte[] records, int count) {
      this.page = page;
      this.records = records;
      this.count = count;
    }

    long page() {
      return page;
    }

    /** The array's bytes (not copied: the page owns them). */
    byte[] records() {
      return records;
    }

    int count() {
      return count;
    }
  }

  private final HttpClient http;
  private final String url;
  private final Map<String, String> params;
  private final Map<String, String> headers;
  private final String pageParam;
  private final List<String> recordsPath;
  private final RateLimiter limiter;
  private final int maxRetries;
  private final Duration timeout;
  final AtomicLong requests = new AtomicLong();
  final AtomicLong retries = new AtomicLong();

  ApiClient(
      String url,
      Map<String, String> params,
      Map<String, String> headers,
      String pageParam,
      List<String> recordsPath,
      RateLimiter limiter,
      int maxRetries,
      Duration timeout) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    this.url = url;
    this.params = params;
    this.headers = headers;
    this.pageParam = pageParam;
    this.recordsPath = recordsPath;
    this.limiter = limiter;
    this.maxRetries = maxRetries;
    this.timeout = timeout;
  }

  /** The URL of {@code page}, as requested (no headers, so no secrets). */
  String address(long page) {
    StringBuilder query = new StringBuilder();
    params.forEach(
        (k, v) ->
            query
                .append(query.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    query
        .append(query.length() == 0 ? "" : "&")
        .append(URLEncoder.encode(pageParam, StandardCharsets.UTF_8))
        .append('=')
        .append(page);
    return url + (url.contains("?") ? "&" : "?") + query;
  }

  Page fetch(long page) throws InterruptedException {
    String address = address(page);
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(address)).timeout(timeout).GET();
    builder.header("accept", "application/json");
    headers.forEach(builder::header);
    HttpRequest request = builder.build();
    String lastProblem = "";
    for (int attempt = 0; ; attempt++) {
      limiter.acquire();
      requests.incrementAndGet();
      Optional<Long> retryAfter = Optional.empty();
      try {
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 200) {
          return RecordsArray.find(page, address, response.body(), recordsPath);
        }
        retryAfter = retryAfterMillis(response);
        lastProblem =
            "HTTP "
                + status
                + " "
                + apiMessage(new String(response.body(), StandardCharsets.UTF_8));
        if (status != 429 && status < 500) {
          throw new CrawlException(
              "GET "
                  + address
                  + " answered "
                  + lastProblem
                  + "; not retried (a "
                  + status
                  + " does not go away by asking again: check the key, the parameters and the URL)");
        }
        if (status == 429 && retryAfter.isPresent()) {
          limiter.pause(retryAfter.get() * 1_000_000);
        }
      } catch (IOException e) {
        lastProblem =
            e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      if (attempt >= maxRetries) {
        throw new CrawlException(
            "GET "
                + address
                + " failed "
                + (attempt + 1)
                + " times, last: "
                + lastProblem
                + "; pages finished so far are kept, run again to continue (max_retries: "
                + maxRetries
                + ")");
      }
      retries.incrementAndGet();
      long backoff = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << Math.min(attempt, 16));
      long wait = retryAfter.orElse(ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
      Thread.sleep(wait);
    }
  }

  /** The API's own words: {"error":{"name","message"}}, {"message"}, or the body's start. */
  static String apiMessage(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      JsonNode error = node.path("error");
      if (error.isObject()) {
        String name = error.path("name").asText(error.path("code").asText(""));
        String message = error.path("message").asText("");
        return (name.isEmpty() ? "" : name + ": ") + message;
      }
      if (node.path("message").isTextual()) {
        return node.get("message").asText();
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: show its start
    }
    return abbreviate(body);
  }

  static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
    return oneLine.length() > 300 ? oneLine.substring(0, 300) + "..." : oneLine;
  }

  /** Retry-After in milliseconds: delta-seconds or an HTTP date. */
  static Optional<Long> retryAfterMillis(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Retry-After");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String text = value.get().strip();
    try {
      return Optional.of(Math.min(MAX_BACKOFF_MILLIS * 4, Long.parseLong(text) * 1000));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Optional.of(
            Math.max(0, when.toInstant().toEpochMilli() - System.currentTimeMillis()));
      } catch (DateTimeParseException bad) {
        return Optional.empty();
      }
    }
  }
}
