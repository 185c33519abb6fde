package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
    java.util.Optional<String> slackWebhook,
    java.util.Optional<ScheduleSpec> schedule,
    RunDate runDate,
    Map<String, SourceSpec> sensors,
    RetrySpec retries,
    AlertsSpec alerts,
    RetentionSpec retention) {
  public PipelineSpec {
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

  /** A pipeline without services. */
  public PipelineSpec(
      String name,
      String description,
      Path file,
      String profile,
      Map<String, String> parameters,
      EngineSettings settings,
      Map<String, SourceSpec> sources,
      Map<String, DatasetSpec> datasets,
      Map<String, SinkSpec> sinks) {
    this(
        name,
        description,
        file,
        profile,
        parameters,
        settings,
        sources,
        datasets,
        sinks,
        Map.of(),
        java.util.Optional.empty());
  }

  /** A pipeline without a schedule, for today's date (UTC). */
  public PipelineSpec(
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
      java.util.Optional<String> slackWebhook) {
    this(
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
        java.util.Optional.empty(),
        RunDate.day(java.time.LocalDate.now(java.time.ZoneOffset.UTC)),
        Map.of(),
        RetrySpec.NONE,
        AlertsSpec.NONE,
        RetentionSpec.DEFAULT);
  }

  /** The same pipeline with other engine settings (--lake, --run-store). */
  public PipelineSpec withSettings(EngineSettings changed) {
    return new PipelineSpec(
        name,
        description,
        file,
        profile,
        parameters,
        changed,
        sources,
        datasets,
        sinks,
        services,
        slackWebhook,
        schedule,
        runDate,
        sensors,
        retries,
        alerts,
        retention);
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
