package io.sluice.spec;

import io.sluice.spec.yaml.YamlMap;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
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
    return section(root, templates, "tracking", FormatOptions.TRACKING_SECTION)
        .map(
            tracking ->
                new TrackingSpec(
                    httpUrl(
                        tracking,
                        FormatOptions.TRACKING_MLFLOW,
                        url -> "Cannot use '" + url + "' as the MLflow tracking server",
                        "give its URL, such as http://mlflow.internal:5000"),
                    tracking.options().find(FormatOptions.TRACKING_TOKEN)))
        .orElse(TrackingSpec.NONE);
  }

  /** {@code metrics:}; a Pushgateway URL must be http(s). */
  MetricsSpec readMetrics(YamlMap root, Templates templates) {
    return section(root, templates, "metrics", FormatOptions.METRICS_SECTION)
        .map(
            metrics ->
                new MetricsSpec(
                    httpUrl(
                        metrics,
                        FormatOptions.METRICS_PUSHGATEWAY,
                        url -> "Cannot push metrics to '" + url + "': it is not an http(s) URL",
                        "give the Pushgateway's URL, such as http://pushgateway.internal:9091"),
                    metrics.options().get(FormatOptions.METRICS_JOB)))
        .orElse(MetricsSpec.NONE);
  }

  /** {@code lineage:}; http needs an http(s) url, file a path. */
  LineageSpec readLineage(YamlMap root, Templates templates) {
    Optional<Section> found = section(root, templates, "lineage", FormatOptions.LINEAGE_SECTION);
    if (found.isEmpty()) {
      return LineageSpec.NONE;
    }
    Section section = found.get();
    ResolvedOptions options = section.options();
    String transport = options.get(FormatOptions.LINEAGE_TRANSPORT);
    Optional<String> url =
        httpUrl(
            section,
            FormatOptions.LINEAGE_URL,
            given -> "Cannot send lineage over http to '" + given + "': it is not an http(s) URL",
            "write 'url: http://marquez.internal:5000'");
    Optional<String> path = options.find(FormatOptions.LINEAGE_PATH).filter(p -> !p.isBlank());
    if (transport.equals("http") && url.isEmpty()) {
      problems.add(
          OptionReader.valuePosition(section.map(), FormatOptions.LINEAGE_TRANSPORT.key()),
          ErrorCode.MISSING_REQUIRED,
          "Cannot send lineage over http without the server's url",
          "write 'url: http://marquez.internal:5000'");
    }
    if (transport.equals("file") && path.isEmpty()) {
      problems.add(
          OptionReader.valuePosition(section.map(), FormatOptions.LINEAGE_TRANSPORT.key()),
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

  /** A section of the file, its templates rendered, and its options read. */
  private record Section(YamlMap map, ResolvedOptions options) {}

  private Optional<Section> section(
      YamlMap root, Templates templates, String key, java.util.List<Option<?>> options) {
    return mapSection(root, key)
        .map(m -> (YamlMap) render(m, templates))
        .map(m -> new Section(m, OptionReader.read(m, options, "the " + key, problems)));
  }

  /**
   * The URL that {@code option} of a section gives, when set and not blank; one that is not http(s)
   * is reported at its value (and still returned, so that nothing else reports it again).
   */
  private Optional<String> httpUrl(
      Section section,
      Option<String> option,
      java.util.function.Function<String, String> refusal,
      String hint) {
    Optional<String> url = section.options().find(option).filter(u -> !u.isBlank());
    if (url.isPresent() && !url.get().matches("https?://.+")) {
      problems.add(
          OptionReader.valuePosition(section.map(), option.key()),
          ErrorCode.INVALID_VALUE,
          refusal.apply(url.get()),
          hint);
    }
    return url;
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
