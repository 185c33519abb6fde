package io.sluice.spec;

import java.time.Duration;
import java.util.Optional;

/**
 * Alerts besides the Slack webhook: a generic webhook that receives the same events as JSON, a
 * message on success (opt-in), and a service-level agreement on run time.
 */
public record AlertsSpec(Optional<String> webhook, boolean onSuccess, Optional<Duration> sla) {
  public static final AlertsSpec NONE = new AlertsSpec(Optional.empty(), false, Optional.empty());

  public AlertsSpec {
    java.util.Objects.requireNonNull(webhook, "webhook is null");
    java.util.Objects.requireNonNull(sla, "sla is null");
  }
}
