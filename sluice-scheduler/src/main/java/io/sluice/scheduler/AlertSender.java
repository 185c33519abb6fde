package io.sluice.scheduler;

import java.util.Optional;

/** Posts a JSON body to a webhook URL; returns the problem when the post failed, never throws. */
@FunctionalInterface
public interface AlertSender {
  Optional<String> post(String url, String jsonBody);

  /** Posts over HTTP (Slack incoming webhooks and generic webhooks). */
  AlertSender HTTP = SlackAlert::post;
}
