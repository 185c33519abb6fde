package io.sluice.scheduler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Pushes metrics to a Prometheus Pushgateway: {@code PUT URL/metrics/job/JOB/pipeline/NAME} with
 * the text exposition format, which replaces that group's metrics (the Pushgateway's protocol; a
 * label value with a '/' travels base64-encoded, as it specifies).
 */
public final class Pushgateway {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Pushgateway() {}

  /** Pushes {@code text} as the group (job, pipeline); throws with the gateway's answer. */
  public static void push(String url, String job, String pipeline, String text) throws IOException {
    URI target =
        URI.create(
            url.replaceAll("/+$", "")
                + "/metrics/"
                + segment("job", job)
                + "/"
                + segment("pipeline", pipeline));
    HttpRequest request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            .PUT(HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IOException(
            "the Pushgateway at "
                + url
                + " answered "
                + response.statusCode()
                + ": "
                + response.body().strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while pushing metrics to " + url, e);
    }
  }

  /** {@code name/value}, the value base64url-encoded ({@code name@base64/...}) when needed. */
  static String segment(String name, String value) {
    if (value.matches("[A-Za-z0-9_.:-]+")) {
      return name + "/" + value;
    }
    return name
        + "@base64/"
        + Base64.getUrlEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
