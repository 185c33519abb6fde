package io.sluice.scheduler;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Posts a JSON body to a webhook over HTTP; a failure to post is reported, never thrown. */
final class SlackAlert {
  private SlackAlert() {}

  /** Posts a JSON body (a generic webhook); returns the problem when the post failed. */
  static Optional<String> post(String webhook, String body) {
    try {
      HttpResponse<String> response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(webhook))
                      .timeout(Duration.ofSeconds(10))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(io.sluice.spi.Redaction.scrub(body)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode() / 100 == 2
          ? Optional.empty()
          : Optional.of(
              io.sluice.spi.Redaction.scrub(
                  "the webhook answered HTTP " + response.statusCode() + ": " + response.body()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } catch (Exception e) { // IOException, a malformed URL
      return Optional.of(
          io.sluice.spi.Redaction.scrub(e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
  }
}
