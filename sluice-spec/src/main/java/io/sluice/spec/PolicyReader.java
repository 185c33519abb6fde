package io.sluice.spec;

import io.sluice.spec.yaml.YamlMap;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import java.util.Optional;

/** Reads the run policies: {@code alerts:}, {@code retention:} and {@code retries:}. */
final class PolicyReader extends SectionReader {
  PolicyReader(Problems problems) {
    super(problems);
  }

  /** The Slack webhook of {@code alerts:}, when set and not blank. */
  Optional<String> slackWebhook(YamlMap root, Templates templates) {
    return mapSection(root, "alerts")
        .map(m -> (YamlMap) render(m, templates))
        .flatMap(
            alerts ->
                OptionReader.read(alerts, FormatOptions.ALERTS_SECTION, "the alerts", problems)
                    .find(FormatOptions.SLACK_WEBHOOK)
                    .filter(webhook -> !webhook.isBlank()));
  }

  AlertsSpec readAlerts(YamlMap root, Templates templates) {
    Optional<YamlMap> section = mapSection(root, "alerts").map(m -> (YamlMap) render(m, templates));
    if (section.isEmpty()) {
      return AlertsSpec.NONE;
    }
    Problems local = new Problems();
    ResolvedOptions options =
        OptionReader.read(section.get(), FormatOptions.ALERTS_SECTION, "the alerts", local);
    if (!local.isEmpty()) {
      return AlertsSpec.NONE; // the same read reports them for the Slack webhook
    }
    Optional<java.time.Duration> sla = Optional.empty();
    if (options.find(FormatOptions.SLA).isPresent()) {
      String text = options.get(FormatOptions.SLA);
      sla = Durations.parse(text);
      if (sla.isEmpty()) {
        problems.add(
            OptionReader.valuePosition(section.get(), "sla"),
            ErrorCode.INVALID_VALUE,
            "Cannot use sla '" + text + "'",
            "a duration such as 30m or 2h");
      }
    }
    return new AlertsSpec(
        options.find(FormatOptions.WEBHOOK).filter(w -> !w.isBlank()),
        options.get(FormatOptions.ON_SUCCESS),
        sla);
  }

  RetentionSpec readRetention(YamlMap root, Templates templates) {
    Optional<YamlMap> section =
        mapSection(root, "retention").map(m -> (YamlMap) render(m, templates));
    if (section.isEmpty()) {
      return RetentionSpec.DEFAULT;
    }
    ResolvedOptions options =
        OptionReader.read(
            section.get(), FormatOptions.RETENTION_SECTION, "the retention", problems);
    String age = options.get(FormatOptions.RETENTION_MAX_SNAPSHOT_AGE).trim();
    int keep = options.get(FormatOptions.RETENTION_MIN_SNAPSHOTS);
    Optional<java.time.Duration> maxAge = Optional.empty();
    boolean ok = true;
    try {
      maxAge = RetentionSpec.maxAge(age);
    } catch (IllegalArgumentException e) {
      problems.add(
          OptionReader.valuePosition(section.get(), FormatOptions.RETENTION_MAX_SNAPSHOT_AGE.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot use max_snapshot_age '" + age + "'",
          "a duration such as 12h or 7d, or 'forever' to keep every snapshot");
      ok = false;
    }
    if (keep < 1) {
      problems.add(
          OptionReader.valuePosition(section.get(), FormatOptions.RETENTION_MIN_SNAPSHOTS.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot keep " + keep + " snapshots: min_snapshots must be at least 1",
          "a table always keeps its current snapshot; write 'min_snapshots: 1' or more");
      ok = false;
    }
    return ok ? new RetentionSpec(maxAge, keep) : RetentionSpec.DEFAULT;
  }

  RetrySpec readRetries(YamlMap root, Templates templates) {
    Optional<YamlMap> section =
        mapSection(root, "retries").map(m -> (YamlMap) render(m, templates));
    if (section.isEmpty()) {
      return RetrySpec.NONE;
    }
    ResolvedOptions options =
        OptionReader.read(section.get(), FormatOptions.RETRY_SECTION, "the retries", problems);
    int count = options.get(FormatOptions.RETRY_COUNT);
    String delay = options.get(FormatOptions.RETRY_DELAY);
    double backoff = options.get(FormatOptions.RETRY_BACKOFF);
    Optional<java.time.Duration> wait = Durations.parse(delay);
    if (count < 0 || wait.isEmpty() || backoff < 1.0) {
      problems.add(
          section.get().position(),
          ErrorCode.INVALID_VALUE,
          "Cannot use retries { count: "
              + count
              + ", delay: "
              + delay
              + ", backoff: "
              + backoff
              + " }",
          "count at least 0, a delay such as 30s, backoff at least 1");
      return RetrySpec.NONE;
    }
    return new RetrySpec(count, wait.get(), backoff);
  }
}
