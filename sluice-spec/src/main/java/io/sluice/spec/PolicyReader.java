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

  /** {@code tracking:}; an MLflow URL must be http(s). */
  TrackingSpec readTracking(YamlMap root, Templates templates) {
    Optional<YamlMap> section =
        mapSection(root, "tracking").map(m -> (YamlMap) render(m, templates));
    if (section.isEmpty()) {
      return TrackingSpec.NONE;
    }
    ResolvedOptions options =
        OptionReader.read(section.get(), FormatOptions.TRACKING_SECTION, "the tracking", problems);
    Optional<String> mlflow = options.find(FormatOptions.TRACKING_MLFLOW).filter(u -> !u.isBlank());
    if (mlflow.isPresent() && !mlflow.get().matches("https?://.+")) {
      problems.add(
          OptionReader.valuePosition(section.get(), "mlflow"),
          ErrorCode.INVALID_VALUE,
          "Cannot use '" + mlflow.get() + "' as the MLflow tracking server",
          "give its URL, such as http://mlflow.internal:5000");
    }
    return new TrackingSpec(mlflow, options.find(FormatOptions.TRACKING_TOKEN));
  }

  MetricsSpec readMetrics(YamlMap root, Templates templates) {
    Optional<YamlMap> section =
        mapSection(root, "metrics").map(m -> (YamlMap) render(m, templates));
    if (section.isEmpty()) {
      return MetricsSpec.NONE;
    }
    ResolvedOptions options =
        OptionReader.read(section.get(), FormatOptions.METRICS_SECTION, "the metrics", problems);
    Optional<String> pushgateway =
        options.find(FormatOptions.METRICS_PUSHGATEWAY).filter(u -> !u.isBlank());
    if (pushgateway.isPresent() && !pushgateway.get().matches("https?://.+")) {
      problems.add(
          OptionReader.valuePosition(section.get(), FormatOptions.METRICS_PUSHGATEWAY.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot push metrics to '" + pushgateway.get() + "': it is not an http(s) URL",
          "give the Pushgateway's URL, such as http://pushgateway.internal:9091");
    }
    return new MetricsSpec(pushgateway, options.get(FormatOptions.METRICS_JOB));
  }

  LineageSpec readLineage(YamlMap root, Templates templates) {
    Optional<YamlMap> section =
        mapSection(root, "lineage").map(m -> (YamlMap) render(m, templates));
    if (section.isEmpty()) {
      return LineageSpec.NONE;
    }
    ResolvedOptions options =
        OptionReader.read(section.get(), FormatOptions.LINEAGE_SECTION, "the lineage", problems);
    String transport = options.get(FormatOptions.LINEAGE_TRANSPORT);
    Optional<String> url = options.find(FormatOptions.LINEAGE_URL).filter(u -> !u.isBlank());
    Optional<String> path = options.find(FormatOptions.LINEAGE_PATH).filter(p -> !p.isBlank());
    if (transport.equals("http") && (url.isEmpty() || !url.get().matches("https?://.+"))) {
      problems.add(
          OptionReader.valuePosition(
              section.get(),
              url.isPresent()
                  ? FormatOptions.LINEAGE_URL.key()
                  : FormatOptions.LINEAGE_TRANSPORT.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot send lineage over http to '"
              + url.orElse("")
              + "': url must be the server's http(s) URL",
          "write 'url: http://marquez.internal:5000'");
    }
    if (transport.equals("file") && path.isEmpty()) {
      problems.add(
          OptionReader.valuePosition(section.get(), FormatOptions.LINEAGE_TRANSPORT.key()),
          ErrorCode.MISSING_REQUIRED,
          "Cannot write lineage to a file without its path",
          "write 'path: lineage/events.jsonl'");
    }
    return new LineageSpec(
        transport,
        url,
        options.get(FormatOptions.LINEAGE_ENDPOINT),
        path,
        options.get(FormatOptions.LINEAGE_NAMESPACE),
        options.find(FormatOptions.LINEAGE_API_KEY));
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
    return new AlertsSpec(
        options.find(FormatOptions.WEBHOOK).filter(w -> !w.isBlank()),
        options.get(FormatOptions.ON_SUCCESS),
        options.find(FormatOptions.SLA));
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
    return ok
        ? new RetentionSpec(
            maxAge,
            keep,
            options.get(FormatOptions.RETENTION_STREAM_SNAPSHOT_AGE),
            options.get(FormatOptions.RETENTION_COMPACT_MIN_FILES),
            options.get(FormatOptions.RETENTION_STREAM_MAINTENANCE_INTERVAL))
        : RetentionSpec.DEFAULT;
  }

  RetrySpec readRetries(YamlMap root, Templates templates) {
    Optional<YamlMap> section =
        mapSection(root, "retries").map(m -> (YamlMap) render(m, templates));
    if (section.isEmpty()) {
      return RetrySpec.NONE;
    }
    ResolvedOptions options =
        OptionReader.read(section.get(), FormatOptions.RETRY_SECTION, "the retries", problems);
    return new RetrySpec(
        options.get(FormatOptions.RETRY_COUNT),
        options.get(FormatOptions.RETRY_DELAY),
        options.get(FormatOptions.RETRY_BACKOFF));
  }
}
