package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline file after reading, templating and profile selection. Immutable. {@code services} are
 * typed entries like sources (type and options), started before the run.
 */
public record PipelineSpec(
    String name,
    String description,
    Path file,
    String profile,
    Map<String, String> parameters,
    EngineSettings settings,
    Map<String, SourceSpec> sources,
    Map<String, DatasetSpec> datasets,
    Map<String, SinkSpec> sinks,
    Map<String, SourceSpec> services,
    Optional<String> slackWebhook,
    Optional<ScheduleSpec> schedule,
    RunDate runDate,
    Map<String, SourceSpec> sensors,
    RetrySpec retries,
    AlertsSpec alerts,
    RetentionSpec retention,
    Map<String, DashboardSpec> dashboards,
    TrackingSpec tracking,
    MetricsSpec metrics,
    LineageSpec lineage) {
  public PipelineSpec {
    requireNonNull(lineage, "lineage is null");
    requireNonNull(metrics, "metrics is null");
    dashboards = ordered(dashboards);
    requireNonNull(tracking, "tracking is null");
    requireNonNull(retention, "retention is null");
    requireNonNull(alerts, "alerts is null");
    requireNonNull(retries, "retries is null");
    sensors = ordered(sensors);
    requireNonNull(schedule, "schedule is null");
    requireNonNull(runDate, "runDate is null");
    requireNonNull(slackWebhook, "slackWebhook is null");
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(file, "file is null");
    requireNonNull(profile, "profile is null");
    requireNonNull(settings, "settings is null");
    parameters = ordered(parameters);
    sources = ordered(sources);
    datasets = ordered(datasets);
    sinks = ordered(sinks);
    services = ordered(services);
  }

  /**
   * A builder for a pipeline called {@code name} read from {@code file}; every other part has a
   * default.
   */
  public static Builder builder(String name, Path file) {
    return new Builder(name, file);
  }

  /** A builder holding every part of this pipeline, to change some of them. */
  public Builder toBuilder() {
    return new Builder(name, file)
        .description(description)
        .profile(profile)
        .parameters(parameters)
        .settings(settings)
        .sources(sources)
        .datasets(datasets)
        .sinks(sinks)
        .services(services)
        .slackWebhook(slackWebhook)
        .schedule(schedule)
        .runDate(runDate)
        .sensors(sensors)
        .retries(retries)
        .alerts(alerts)
        .retention(retention)
        .dashboards(dashboards)
        .tracking(tracking)
        .metrics(metrics)
        .lineage(lineage);
  }

  /** The same pipeline with other engine settings (--lake, --run-store). */
  public PipelineSpec withSettings(EngineSettings changed) {
    return toBuilder().settings(changed).build();
  }

  /**
   * Builds a {@link PipelineSpec}. Defaults: no description, profile {@code default}, no
   * parameters, sources, datasets, sinks, services or sensors, default engine settings, no Slack
   * webhook and no schedule, today's date (UTC), no retries, no alerts, default retention.
   */
  public static final class Builder {
    private final String name;
    private final Path file;
    private String description = "";
    private String profile = "default";
    private Map<String, String> parameters = Map.of();
    private EngineSettings settings = EngineSettings.defaults();
    private Map<String, SourceSpec> sources = Map.of();
    private Map<String, DatasetSpec> datasets = Map.of();
    private Map<String, SinkSpec> sinks = Map.of();
    private Map<String, SourceSpec> services = Map.of();
    private Optional<String> slackWebhook = Optional.empty();
    private Optional<ScheduleSpec> schedule = Optional.empty();
    private RunDate runDate;
    private Map<String, SourceSpec> sensors = Map.of();
    private RetrySpec retries = RetrySpec.NONE;
    private AlertsSpec alerts = AlertsSpec.NONE;
    private RetentionSpec retention = RetentionSpec.DEFAULT;
    private Map<String, DashboardSpec> dashboards = Map.of();
    private TrackingSpec tracking = TrackingSpec.NONE;
    private MetricsSpec metrics = MetricsSpec.NONE;
    private LineageSpec lineage = LineageSpec.NONE;

    private Builder(String name, Path file) {
      this.name = requireNonNull(name, "name is null");
      this.file = requireNonNull(file, "file is null");
    }

    public Builder description(String value) {
      this.description = value;
      return this;
    }

    public Builder profile(String value) {
      this.profile = value;
      return this;
    }

    public Builder parameters(Map<String, String> value) {
      this.parameters = value;
      return this;
    }

    public Builder settings(EngineSettings value) {
      this.settings = value;
      return this;
    }

    public Builder sources(Map<String, SourceSpec> value) {
      this.sources = value;
      return this;
    }

    public Builder datasets(Map<String, DatasetSpec> value) {
      this.datasets = value;
      return this;
    }

    public Builder sinks(Map<String, SinkSpec> value) {
      this.sinks = value;
      return this;
    }

    public Builder services(Map<String, SourceSpec> value) {
      this.services = value;
      return this;
    }

    public Builder slackWebhook(Optional<String> value) {
      this.slackWebhook = value;
      return this;
    }

    public Builder schedule(Optional<ScheduleSpec> value) {
      this.schedule = value;
      return this;
    }

    public Builder runDate(RunDate value) {
      this.runDate = value;
      return this;
    }

    public Builder sensors(Map<String, SourceSpec> value) {
      this.sensors = value;
      return this;
    }

    public Builder retries(RetrySpec value) {
      this.retries = value;
      return this;
    }

    public Builder alerts(AlertsSpec value) {
      this.alerts = value;
      return this;
    }

    public Builder retention(RetentionSpec value) {
      this.retention = value;
      return this;
    }

    public Builder tracking(TrackingSpec value) {
      this.tracking = value;
      return this;
    }

    public Builder metrics(MetricsSpec value) {
      this.metrics = value;
      return this;
    }

    public Builder lineage(LineageSpec value) {
      this.lineage = value;
      return this;
    }

    public Builder dashboards(Map<String, DashboardSpec> value) {
      this.dashboards = value;
      return this;
    }

    public PipelineSpec build() {
      return new PipelineSpec(
          name,
          description,
          file,
          profile,
          parameters,
          settings,
          sources,
          datasets,
          sinks,
          services,
          slackWebhook,
          schedule,
          runDate != null ? runDate : RunDate.day(LocalDate.now(ZoneOffset.UTC)),
          sensors,
          retries,
          alerts,
          retention,
          dashboards,
          tracking,
          metrics,
          lineage);
    }
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
