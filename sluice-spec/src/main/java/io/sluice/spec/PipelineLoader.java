package io.sluice.spec;

import io.sluice.spec.yaml.Position;
import io.sluice.spec.yaml.YamlLoader;
import io.sluice.spec.yaml.YamlMap;
import io.sluice.spec.yaml.YamlNode;
import io.sluice.spec.yaml.YamlScalar;
import io.sluice.spec.yaml.YamlSeq;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.WriteMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a pipeline file into a {@link PipelineSpec}: YAML with positions, profile selection,
 * parameter values, templating, then every section against {@link FormatOptions}. Every problem is
 * collected; {@link #load} throws one {@link ValidationException} listing all of them.
 */
public final class PipelineLoader {
  private static final Pattern DATASET_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private final Problems problems;
  private final String fileName;

  private PipelineLoader(String fileName, Problems problems) {
    this.fileName = fileName;
    this.problems = problems;
  }

  /**
   * Loads as much of the file as can be read, adding every problem to {@code problems} instead of
   * throwing, so that later checks (connectors, SQL, the graph) can report theirs in the same run.
   * Entries with problems may be left out of the returned spec; empty when the file is unreadable.
   */
  public static Optional<PipelineSpec> load(Path path, LoadRequest request, Problems problems) {
    PipelineLoader loader = new PipelineLoader(path.toString(), problems);
    try {
      return loader.read(path, Files.readString(path, StandardCharsets.UTF_8), request);
    } catch (IOException e) {
      problems.add(
          new Position(path.toString(), 1, 1),
          ErrorCode.FILE_NOT_FOUND,
          "Cannot read pipeline file "
              + path
              + ": "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage(),
          "check the path; it is resolved against the current directory "
              + Path.of("").toAbsolutePath());
      return Optional.empty();
    }
  }

  /** Loads the file at {@code path}; throws {@link ValidationException} with every problem. */
  public static PipelineSpec load(Path path, LoadRequest request) {
    Problems problems = new Problems();
    Optional<PipelineSpec> spec = load(path, request, problems);
    problems.throwIfAny();
    return spec.orElseThrow();
  }

  /** Loads {@code text} as if it were the file {@code path} (used by tests and the server). */
  public static PipelineSpec load(Path path, String text, LoadRequest request) {
    Problems problems = new Problems();
    Optional<PipelineSpec> spec =
        new PipelineLoader(path.toString(), problems).read(path, text, request);
    problems.throwIfAny();
    return spec.orElseThrow();
  }

  private Optional<PipelineSpec> read(Path path, String text, LoadRequest request) {
    Optional<YamlNode> parsed = YamlLoader.load(fileName, text, problems);
    if (parsed.isEmpty()) {
      if (problems.isEmpty()) {
        problems.add(
            new Position(fileName, 1, 1),
            ErrorCode.MISSING_REQUIRED,
            "Cannot read an empty pipeline file",
            "start with 'pipeline: NAME' and a 'datasets:' section");
      }
      return Optional.empty();
    }
    if (!(parsed.get() instanceof YamlMap root)) {
      problems.add(
          parsed.get().position(),
          ErrorCode.WRONG_TYPE,
          "Cannot read the pipeline: the top level must be a mapping, got " + parsed.get().kind(),
          "start with 'pipeline: NAME'");
      return Optional.empty();
    }
    ResolvedOptions top =
        OptionReader.read(root, FormatOptions.TOP_LEVEL, "the pipeline", problems);

    Map<String, ParameterDefinition> declared = readParameters(root);
    Map<String, YamlMap> profiles = readProfiles(root);
    Optional<YamlMap> profile = selectProfile(root, profiles, request.profile());

    Map<String, String> values = parameterValues(root, declared, profile, request);
    Optional<ScheduleSpec> schedule =
        readSchedule(root, new Templates(values, request.environment()));
    RunDate runDate = runDate(schedule, request, root);
    Templates templates = new Templates(values, request.environment(), Optional.of(runDate));

    EngineSettings settings = readSettings(root, profile, templates);
    Optional<YamlMap> profileSources =
        profile.flatMap(p -> mapSection(p, "sources")).map(m -> (YamlMap) render(m, templates));
    Optional<YamlMap> profileDatasets =
        profile.flatMap(p -> mapSection(p, "datasets")).map(m -> (YamlMap) render(m, templates));
    Map<String, SourceSpec> sources =
        readSources(replaced(section(root, "sources", templates), profileSources), "source");
    Optional<YamlMap> profileServices =
        profile.flatMap(p -> mapSection(p, "services")).map(m -> (YamlMap) render(m, templates));
    Map<String, SourceSpec> services =
        readSources(replaced(section(root, "services", templates), profileServices), "service");
    Optional<YamlMap> profileSensors =
        profile.flatMap(p -> mapSection(p, "sensors")).map(m -> (YamlMap) render(m, templates));
    Map<String, SourceSpec> sensors =
        readSources(replaced(section(root, "sensors", templates), profileSensors), "sensor");
    Map<String, DatasetSpec> datasets =
        readDatasets(merged(section(root, "datasets", templates), profileDatasets));
    Map<String, SinkSpec> sinks = readSinks(section(root, "sinks", templates));
    if (datasets.isEmpty() && sinks.isEmpty() && !root.entries().containsKey("datasets")) {
      problems.add(
          root.position(),
          ErrorCode.MISSING_REQUIRED,
          "Cannot run a pipeline without datasets or sinks",
          "add a 'datasets:' section, for example 'bronze.events: { from: my_source }'");
    }
    return Optional.of(
        new PipelineSpec(
            top.find(FormatOptions.PIPELINE).orElse("unnamed"),
            top.find(FormatOptions.DESCRIPTION).orElse(""),
            path,
            request.profile(),
            values,
            settings,
            sources,
            datasets,
            sinks,
            services,
            mapSection(root, "alerts")
                .map(m -> (YamlMap) render(m, templates))
                .flatMap(
                    alerts ->
                        OptionReader.read(
                                alerts, FormatOptions.ALERTS_SECTION, "the alerts", problems)
                            .find(FormatOptions.SLACK_WEBHOOK)
                            .filter(webhook -> !webhook.isBlank())),
            schedule,
            runDate,
            sensors,
            readRetries(root, templates),
            readAlerts(root, templates),
            readRetention(root, templates)));
  }

  private AlertsSpec readAlerts(YamlMap root, Templates templates) {
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

  private RetentionSpec readRetention(YamlMap root, Templates templates) {
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

  private RetrySpec readRetries(YamlMap root, Templates templates) {
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

  // ---------------------------------------------------------------- schedule and run date

  private Optional<ScheduleSpec> readSchedule(YamlMap root, Templates templates) {
    Optional<YamlMap> section =
        mapSection(root, "schedule").map(m -> (YamlMap) render(m, templates));
    if (section.isEmpty()) {
      return Optional.empty();
    }
    Problems local = new Problems();
    ResolvedOptions options =
        OptionReader.read(section.get(), FormatOptions.SCHEDULE_SECTION, "the schedule", local);
    local.sorted().forEach(problems::add);
    if (!local.isEmpty()) {
      return Optional.empty();
    }
    boolean ok = true;
    String cron = options.get(FormatOptions.SCHEDULE_CRON);
    try {
      ScheduleSpec.parse(cron);
    } catch (IllegalArgumentException e) {
      ok = false;
      problems.add(
          OptionReader.valuePosition(section.get(), "cron"),
          ErrorCode.INVALID_VALUE,
          "Cannot use cron '" + cron + "': " + e.getMessage(),
          "five fields: minute hour day-of-month month day-of-week, such as '30 1 * * *'");
    }
    java.time.ZoneId zone = java.time.ZoneOffset.UTC;
    String zoneName = options.get(FormatOptions.SCHEDULE_TIMEZONE);
    try {
      zone = java.time.ZoneId.of(zoneName);
    } catch (java.time.DateTimeException e) {
      ok = false;
      problems.add(
          OptionReader.valuePosition(section.get(), "timezone"),
          ErrorCode.INVALID_VALUE,
          "Cannot use time zone '" + zoneName + "': " + e.getMessage(),
          "an IANA name such as Asia/Seoul, Europe/Berlin or UTC");
    }
    Optional<java.time.LocalDate> start =
        date(section.get(), options, FormatOptions.SCHEDULE_START);
    Optional<java.time.LocalDate> end =
        options.find(FormatOptions.SCHEDULE_END).isPresent()
            ? date(section.get(), options, FormatOptions.SCHEDULE_END)
            : Optional.empty();
    int maxActive = options.get(FormatOptions.SCHEDULE_MAX_ACTIVE);
    if (maxActive < 1) {
      ok = false;
      problems.add(
          OptionReader.valuePosition(section.get(), "max_active_runs"),
          ErrorCode.INVALID_VALUE,
          "Cannot use max_active_runs " + maxActive,
          "at least 1");
    }
    if (!ok || start.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ScheduleSpec(
            cron,
            zone,
            start.get(),
            end,
            options.get(FormatOptions.SCHEDULE_CATCHUP),
            maxActive,
            OptionReader.keyPosition(root, "schedule")));
  }

  private Optional<java.time.LocalDate> date(
      YamlMap section, ResolvedOptions options, Option<String> option) {
    String text = options.get(option);
    try {
      return Optional.of(java.time.LocalDate.parse(text));
    } catch (java.time.format.DateTimeParseException e) {
      problems.add(
          OptionReader.valuePosition(section, option.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot use " + option.key() + " '" + text + "': not a date YYYY-MM-DD",
          "for example 2024-07-01");
      return Optional.empty();
    }
  }

  /** The run's data interval: from --date (a day, or an interval start) and the schedule. */
  private RunDate runDate(Optional<ScheduleSpec> schedule, LoadRequest request, YamlMap root) {
    java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
    if (request.date().isEmpty()) {
      return schedule.flatMap(s -> s.latest(now)).orElse(RunDate.day(now.toLocalDate()));
    }
    String text = request.date().get().trim();
    try {
      if (text.length() == 10) {
        java.time.LocalDate day = java.time.LocalDate.parse(text);
        return schedule.flatMap(s -> s.onDay(day)).orElse(RunDate.day(day));
      }
      java.time.ZonedDateTime start = java.time.ZonedDateTime.parse(text);
      if (schedule.isPresent()) {
        java.time.LocalDate day =
            start.withZoneSameInstant(schedule.get().timezone()).toLocalDate();
        for (RunDate interval : schedule.get().intervalsOn(day, day)) {
          if (interval.intervalStart().toInstant().equals(start.toInstant())) {
            return interval;
          }
        }
        problems.add(
            OptionReader.keyPosition(root, "schedule"),
            ErrorCode.INVALID_VALUE,
            "Cannot run at " + text + ": the schedule has no interval starting then",
            "pass a day (--date YYYY-MM-DD) or an interval start the schedule fires at");
        return RunDate.day(day);
      }
      return RunDate.day(start.toLocalDate());
    } catch (java.time.format.DateTimeParseException e) {
      problems.add(
          root.position(),
          ErrorCode.INVALID_VALUE,
          "Cannot use --date '" + text + "': not a date YYYY-MM-DD nor an ISO date-time",
          "for example --date 2024-07-01");
      return RunDate.day(now.toLocalDate());
    }
  }

  // ---------------------------------------------------------------- parameters and profiles

  private record ParameterDefinition(String name, String defaultValue, Position position) {}

  private Map<String, ParameterDefinition> readParameters(YamlMap root) {
    Map<String, ParameterDefinition> result = new LinkedHashMap<>();
    Optional<YamlMap> section = mapSection(root, "parameters");
    if (section.isEmpty()) {
      return result;
    }
    for (YamlMap.Entry entry : section.get().entries().values()) {
      String defaultValue = null;
      if (entry.value() instanceof YamlScalar scalar) {
        defaultValue = scalar.value();
      } else if (entry.value() instanceof YamlMap map) {
        ResolvedOptions options =
            OptionReader.read(
                map, FormatOptions.PARAMETER, "parameter '" + entry.key() + "'", problems);
        defaultValue = options.find(FormatOptions.PARAMETER_DEFAULT).orElse(null);
      } else {
        problems.add(
            entry.value().position(),
            ErrorCode.WRONG_TYPE,
            "Cannot read parameter '"
                + entry.key()
                + "': expected a default value or a mapping, got a list",
            "write 'name: default' or 'name: {default: ..., description: ...}'");
      }
      result.put(
          entry.key(), new ParameterDefinition(entry.key(), defaultValue, entry.keyPosition()));
    }
    return result;
  }

  private Map<String, YamlMap> readProfiles(YamlMap root) {
    Map<String, YamlMap> result = new LinkedHashMap<>();
    mapSection(root, "profiles")
        .ifPresent(
            section -> {
              for (YamlMap.Entry entry : section.entries().values()) {
                if (entry.value() instanceof YamlMap map) {
                  OptionReader.read(
                      map, FormatOptions.PROFILE, "profile '" + entry.key() + "'", problems);
                  mapSection(map, "spark")
                      .ifPresent(
                          spark ->
                              OptionReader.read(
                                  spark,
                                  FormatOptions.SPARK_SECTION,
                                  "the spark settings of profile '" + entry.key() + "'",
                                  problems));
                  result.put(entry.key(), map);
                } else if (!(entry.value() instanceof YamlScalar scalar && scalar.isNull())) {
                  problems.add(
                      entry.value().position(),
                      ErrorCode.WRONG_TYPE,
                      "Cannot read profile '"
                          + entry.key()
                          + "': expected a mapping, got "
                          + entry.value().kind(),
                      "write 'NAME: { lake: ..., spark: { master: ... } }'");
                } else {
                  result.put(entry.key(), new YamlMap(Map.of(), entry.value().position()));
                }
              }
            });
    return result;
  }

  private Optional<YamlMap> selectProfile(
      YamlMap root, Map<String, YamlMap> profiles, String name) {
    if (profiles.containsKey(name)) {
      return Optional.of(profiles.get(name));
    }
    if (!name.equals(LoadRequest.DEFAULT_PROFILE)) {
      Set<String> known = new java.util.TreeSet<>(profiles.keySet());
      known.add(LoadRequest.DEFAULT_PROFILE);
      problems.add(
          OptionReader.keyPosition(root, "profiles"),
          ErrorCode.UNKNOWN_PROFILE,
          "Cannot select profile '" + name + "': the file defines " + known,
          OptionReader.suggestion(name, known) + "pass one of them with --profile");
    }
    return Optional.empty();
  }

  private Map<String, String> parameterValues(
      YamlMap root,
      Map<String, ParameterDefinition> declared,
      Optional<YamlMap> profile,
      LoadRequest request) {
    Map<String, String> values = new LinkedHashMap<>();
    Templates envOnly = new Templates(Map.of(), request.environment());
    declared.values().stream()
        .filter(definition -> definition.defaultValue() != null)
        .forEach(
            definition -> {
              YamlScalar raw =
                  new YamlScalar(definition.defaultValue(), false, false, 1, definition.position());
              values.put(definition.name(), envOnly.render(raw, problems).value());
            });
    profile
        .flatMap(map -> map.get("parameters"))
        .filter(YamlMap.class::isInstance)
        .map(YamlMap.class::cast)
        .ifPresent(
            map ->
                map.entries()
                    .values()
                    .forEach(
                        entry -> {
                          if (!declared.containsKey(entry.key())) {
                            unknownParameter(entry.keyPosition(), entry.key(), declared.keySet());
                          } else if (entry.value() instanceof YamlScalar scalar
                              && !scalar.isNull()) {
                            values.put(entry.key(), envOnly.render(scalar, problems).value());
                          }
                        }));
    request
        .parameters()
        .forEach(
            (name, value) -> {
              if (!declared.containsKey(name)) {
                unknownParameter(
                    OptionReader.keyPosition(root, "parameters"), name, declared.keySet());
              } else {
                values.put(name, value);
              }
            });
    for (ParameterDefinition definition : declared.values()) {
      if (!values.containsKey(definition.name())) {
        problems.add(
            definition.position(),
            ErrorCode.MISSING_REQUIRED,
            "Cannot run without parameter '"
                + definition.name()
                + "': it has no default and no value was given",
            "pass --param " + definition.name() + "=VALUE or give it a default");
      }
    }
    return values;
  }

  private void unknownParameter(Position position, String name, Set<String> declared) {
    problems.add(
        position,
        ErrorCode.UNKNOWN_PARAMETER,
        "Cannot set parameter '"
            + name
            + "': the file declares "
            + new java.util.TreeSet<>(declared),
        OptionReader.suggestion(name, declared) + "declare it under 'parameters:'");
  }

  // ---------------------------------------------------------------- settings

  private EngineSettings readSettings(
      YamlMap root, Optional<YamlMap> profile, Templates templates) {
    String lake = text(root, FormatOptions.LAKE, templates);
    String runStore = text(root, FormatOptions.RUN_STORE, templates);
    String kafka = text(root, FormatOptions.KAFKA, templates);
    String master = FormatOptions.SPARK_MASTER.defaultValue().orElseThrow();
    Map<String, String> conf = new LinkedHashMap<>();
    Optional<YamlMap> spark =
        mapSection(root, "spark").map(map -> (YamlMap) render(map, templates));
    if (spark.isPresent()) {
      ResolvedOptions options =
          OptionReader.read(
              spark.get(), FormatOptions.SPARK_SECTION, "the spark settings", problems);
      master = options.get(FormatOptions.SPARK_MASTER);
      options.find(FormatOptions.SPARK_CONF).ifPresent(conf::putAll);
      parallelSteps(spark.get(), options, conf);
    }
    if (profile.isPresent()) {
      YamlMap overrides = (YamlMap) render(profile.get(), templates);
      lake = overrides.get("lake").flatMap(PipelineLoader::scalarText).orElse(lake);
      runStore = overrides.get("run_store").flatMap(PipelineLoader::scalarText).orElse(runStore);
      kafka = overrides.get("kafka").flatMap(PipelineLoader::scalarText).orElse(kafka);
      Optional<YamlMap> profileSpark = mapSection(overrides, "spark");
      if (profileSpark.isPresent()) {
        ResolvedOptions options =
            OptionReader.read(
                profileSpark.get(),
                FormatOptions.SPARK_SECTION,
                "profile spark settings",
                new Problems());
        master =
            options
                .find(FormatOptions.SPARK_MASTER)
                .filter(m -> profileSpark.get().entries().containsKey("master"))
                .orElse(master);
        options.find(FormatOptions.SPARK_CONF).ifPresent(conf::putAll);
        parallelSteps(profileSpark.get(), options, conf);
      }
    }
    return new EngineSettings(lake, master, conf, runStore, kafka);
  }

  /** A {@code parallel_steps} written in {@code spark} travels as a Spark property. */
  private void parallelSteps(YamlMap spark, ResolvedOptions options, Map<String, String> conf) {
    if (!spark.entries().containsKey(FormatOptions.SPARK_PARALLEL_STEPS.key())) {
      return;
    }
    int steps = options.get(FormatOptions.SPARK_PARALLEL_STEPS);
    if (steps < 1) {
      problems.add(
          OptionReader.keyPosition(spark, FormatOptions.SPARK_PARALLEL_STEPS.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot run " + steps + " steps at once: parallel_steps must be at least 1",
          "write 'parallel_steps: 1' to run the datasets one by one");
      return;
    }
    conf.put(FormatOptions.PARALLEL_STEPS_PROPERTY, Integer.toString(steps));
  }

  private String text(YamlMap root, Option<String> option, Templates templates) {
    return root.get(option.key())
        .filter(YamlScalar.class::isInstance)
        .map(node -> templates.render((YamlScalar) node, problems))
        .flatMap(PipelineLoader::scalarText)
        .orElse(option.defaultValue().orElseThrow());
  }

  // ---------------------------------------------------------------- sources, datasets, sinks

  private Map<String, SourceSpec> readSources(Optional<YamlMap> section, String kind) {
    Map<String, SourceSpec> result = new LinkedHashMap<>();
    if (section.isEmpty()) {
      return result;
    }
    for (YamlMap.Entry entry : section.get().entries().values()) {
      checkName(entry, PLAIN_NAME, kind, "letters, digits, '_' and '-'");
      Optional<YamlMap> map = entryMap(entry, kind, "'type: ...' and its options");
      if (map.isEmpty()) {
        continue;
      }
      Optional<String> type =
          requiredText(map.get(), FormatOptions.TYPE, kind + " '" + entry.key() + "'");
      type.ifPresent(
          t ->
              result.put(
                  entry.key(),
                  new SourceSpec(
                      entry.key(),
                      t,
                      map.get(),
                      entry.keyPosition(),
                      map.get().get("type").orElseThrow().position())));
    }
    return result;
  }

  private Map<String, DatasetSpec> readDatasets(Optional<YamlMap> section) {
    Map<String, DatasetSpec> result = new LinkedHashMap<>();
    if (section.isEmpty()) {
      return result;
    }
    Set<String> lowerNames = new HashSet<>();
    for (YamlMap.Entry entry : section.get().entries().values()) {
      String name = entry.key();
      String what = "dataset '" + name + "'";
      checkName(
          entry, DATASET_NAME, "dataset", "namespace.table, each part letters, digits and '_'");
      if (!lowerNames.add(name.toLowerCase(Locale.ROOT))) {
        problems.add(
            entry.keyPosition(),
            ErrorCode.DUPLICATE_KEY,
            "Cannot define "
                + what
                + ": table names are case-insensitive and another dataset has the same name",
            "rename one of them");
      }
      Optional<YamlMap> map = entryMap(entry, "dataset", "'from: SOURCE' or 'sql: SELECT ...'");
      if (map.isEmpty()) {
        continue;
      }
      ResolvedOptions options = OptionReader.read(map.get(), FormatOptions.DATASET, what, problems);
      Optional<DatasetDefinition> definition = definition(map.get(), options, what);
      List<ExpectationSpec> expectations = readExpectations(map.get(), what);
      FormatOptions.DatasetMode datasetMode =
          FormatOptions.DatasetMode.valueOf(
              options.get(FormatOptions.DATASET_MODE).toUpperCase(Locale.ROOT));
      Optional<StreamTrigger> streaming = streaming(map.get(), options, datasetMode, what);
      WriteMode mode =
          datasetMode == FormatOptions.DatasetMode.STREAMING
              ? WriteMode.APPEND
              : WriteMode.valueOf(datasetMode.name());
      List<String> keys = options.find(FormatOptions.KEYS).orElse(List.of());
      if (mode == WriteMode.MERGE && keys.isEmpty()) {
        problems.add(
            OptionReader.keyPosition(map.get(), "mode"),
            ErrorCode.MISSING_REQUIRED,
            "Cannot merge " + what + " without key columns",
            "add 'keys: [column, ...]' naming the columns that identify a row");
      }
      definition.ifPresent(
          d ->
              result.put(
                  name,
                  new DatasetSpec(
                      name,
                      options.find(FormatOptions.DESCRIPTION).orElse(""),
                      d,
                      mode,
                      keys,
                      options.find(FormatOptions.PARTITION_BY).orElse(List.of()),
                      expectations,
                      options.find(FormatOptions.HELPER_COLUMNS).orElse(List.of()),
                      options.get(FormatOptions.METADATA),
                      streaming,
                      entry.keyPosition(),
                      reconcile(map.get(), what, FormatOptions.DATASET_RECONCILE_SECTION))));
    }
    return result;
  }

  private Optional<StreamTrigger> streaming(
      YamlMap map, ResolvedOptions options, FormatOptions.DatasetMode mode, String what) {
    boolean streaming = mode == FormatOptions.DatasetMode.STREAMING;
    if (!streaming) {
      if (options.contains(FormatOptions.TRIGGER)) {
        problems.add(
            OptionReader.keyPosition(map, "trigger"),
            ErrorCode.INVALID_VALUE,
            "Cannot use 'trigger' on " + what + ": it is not a streaming dataset",
            "add 'mode: streaming', or remove 'trigger'");
      }
      return Optional.empty();
    }
    if (options.contains(FormatOptions.SQL)) {
      problems.add(
          OptionReader.keyPosition(map, "mode"),
          ErrorCode.INVALID_VALUE,
          "Cannot stream "
              + what
              + ": only a 'from:' dataset of a streaming source can be streaming",
          "read the source with 'from:' into a streaming table and compute this one from it in"
              + " batch");
      return Optional.empty();
    }
    String text = options.get(FormatOptions.TRIGGER);
    Optional<StreamTrigger> trigger = StreamTrigger.parse(text);
    if (trigger.isEmpty()) {
      problems.add(
          OptionReader.valuePosition(map, "trigger"),
          ErrorCode.INVALID_VALUE,
          "Cannot use trigger '" + text + "' for " + what,
          "use an interval such as '5 seconds' or '1 minute', or 'available-now'");
    }
    return trigger;
  }

  private Optional<DatasetDefinition> definition(
      YamlMap map, ResolvedOptions options, String what) {
    boolean hasFrom = options.contains(FormatOptions.FROM);
    boolean hasSql = options.contains(FormatOptions.SQL);
    boolean hasScore = map.entries().containsKey("score");
    if (hasScore && (hasFrom || hasSql)) {
      problems.add(
          OptionReader.keyPosition(map, "score"),
          ErrorCode.INVALID_VALUE,
          "Cannot define " + what + " by 'score' and also 'from' or 'sql'",
          "a scored dataset names its rows with 'score: { input: DATASET, ... }'");
      return Optional.empty();
    }
    if (hasScore) {
      return score(map, what);
    }
    if (hasFrom && hasSql) {
      problems.add(
          OptionReader.keyPosition(map, "sql"),
          ErrorCode.INVALID_VALUE,
          "Cannot define " + what + " by both 'from' and 'sql'",
          "keep one: 'from' copies a source, 'sql' computes from other datasets");
      return Optional.empty();
    }
    if (hasFrom) {
      return Optional.of(
          new DatasetDefinition.FromSource(
              options.get(FormatOptions.FROM), map.get("from").orElseThrow().position()));
    }
    if (hasSql) {
      YamlScalar node = (YamlScalar) map.get("sql").orElseThrow();
      String sql = options.get(FormatOptions.SQL);
      FormatOptions.SqlDialect dialect =
          FormatOptions.SqlDialect.valueOf(
              options.get(FormatOptions.DIALECT).toUpperCase(Locale.ROOT));
      return Optional.of(new DatasetDefinition.SqlQuery(sql, node, dialect, sql));
    }
    if (!map.entries().containsKey("from") && !map.entries().containsKey("sql")) {
      problems.add(
          map.position(),
          ErrorCode.MISSING_REQUIRED,
          "Cannot define " + what + ": it needs 'from', 'sql' or 'score'",
          "add 'from: SOURCE' to copy a source, or 'sql: SELECT ... FROM other.dataset'");
    }
    return Optional.empty();
  }

  private Optional<ReconcileSpec> reconcile(YamlMap owner, String what, List<Option<?>> keys) {
    Optional<YamlMap> section = mapSection(owner, "reconcile");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    ResolvedOptions options =
        OptionReader.read(section.get(), keys, "the reconcile of " + what, problems);
    String onFail = options.get(FormatOptions.RECONCILE_ON_FAIL).toLowerCase(Locale.ROOT);
    if (!onFail.equals("fail") && !onFail.equals("warn")) {
      problems.add(
          OptionReader.valuePosition(section.get(), "on_fail"),
          ErrorCode.INVALID_VALUE,
          "Cannot use on_fail '" + onFail + "' for the reconcile of " + what,
          "use fail or warn");
    }
    return Optional.of(
        new ReconcileSpec(
            options.find(FormatOptions.RECONCILE_KEYS).orElse(List.of()),
            options.find(FormatOptions.RECONCILE_SUMS).orElse(List.of()),
            !onFail.equals("warn"),
            options.find(FormatOptions.RECONCILE_WITH),
            options.get(FormatOptions.RECONCILE_ROWS)));
  }

  private Optional<DatasetDefinition> score(YamlMap map, String what) {
    Optional<YamlMap> section = mapSection(map, "score");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    Problems local = new Problems();
    ResolvedOptions score =
        OptionReader.read(
            section.get(), FormatOptions.SCORE_SECTION, "the score of " + what, local);
    local.sorted().forEach(problems::add);
    if (!local.isEmpty()) {
      return Optional.empty();
    }
    String device = score.get(FormatOptions.SCORE_DEVICE).toLowerCase(Locale.ROOT);
    if (!device.equals("cpu") && !device.equals("cuda")) {
      problems.add(
          OptionReader.valuePosition(section.get(), "device"),
          ErrorCode.INVALID_VALUE,
          "Cannot use device '" + device + "' for the score of " + what,
          "use cpu or cuda");
      return Optional.empty();
    }
    for (Option<Integer> positive :
        List.of(
            FormatOptions.SCORE_BATCH_SIZE,
            FormatOptions.SCORE_THREADS,
            FormatOptions.SCORE_MAX_LENGTH)) {
      if (score.get(positive) < 1) {
        problems.add(
            OptionReader.valuePosition(section.get(), positive.key()),
            ErrorCode.INVALID_VALUE,
            "Cannot use " + positive.key() + " " + score.get(positive) + " for " + what,
            "use a whole number of 1 or more");
        return Optional.empty();
      }
    }
    return Optional.of(
        new DatasetDefinition.Score(
            score.get(FormatOptions.SCORE_INPUT),
            score.get(FormatOptions.SCORE_TEXT),
            score.get(FormatOptions.SCORE_MODEL),
            FormatOptions.ModelTask.valueOf(
                score.get(FormatOptions.SCORE_TASK).toUpperCase(Locale.ROOT).replace('-', '_')),
            score.find(FormatOptions.SCORE_POSITIVE_LABEL),
            score.get(FormatOptions.SCORE_BATCH_SIZE),
            score.get(FormatOptions.SCORE_THREADS),
            score.get(FormatOptions.SCORE_MAX_LENGTH),
            device.equals("cuda"),
            OptionReader.keyPosition(map, "score"),
            OptionReader.valuePosition(section.get(), "model")));
  }

  private List<ExpectationSpec> readExpectations(YamlMap map, String what) {
    Optional<YamlNode> node = map.get("expect");
    if (node.isEmpty()) {
      return List.of();
    }
    if (!(node.get() instanceof YamlSeq seq)) {
      problems.add(
          node.get().position(),
          ErrorCode.WRONG_TYPE,
          "Cannot read 'expect' of " + what + ": expected a list, got " + node.get().kind(),
          "write '- { name: not_null_id, check: \"id IS NOT NULL\", on_fail: quarantine }'");
      return List.of();
    }
    List<ExpectationSpec> result = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlNode item : seq.items()) {
      if (!(item instanceof YamlMap check)) {
        problems.add(
            item.position(),
            ErrorCode.WRONG_TYPE,
            "Cannot read an expectation of " + what + ": expected a mapping, got " + item.kind(),
            "write '{ name: ..., check: ..., on_fail: warn|drop|quarantine|fail }'");
        continue;
      }
      ResolvedOptions options =
          OptionReader.read(
              check, FormatOptions.EXPECTATION, "an expectation of " + what, problems);
      if (!options.contains(FormatOptions.CHECK_NAME) || !options.contains(FormatOptions.CHECK)) {
        continue;
      }
      String name = options.get(FormatOptions.CHECK_NAME);
      if (!names.add(name)) {
        problems.add(
            check.position(),
            ErrorCode.DUPLICATE_KEY,
            "Cannot define expectation '" + name + "' of " + what + " twice",
            "give each check its own name");
      }
      OnFail onFail = OnFail.valueOf(options.get(FormatOptions.ON_FAIL).toUpperCase(Locale.ROOT));
      result.add(
          new ExpectationSpec(name, options.get(FormatOptions.CHECK), onFail, check.position()));
    }
    long counted = result.stream().filter(c -> c.onFail() != OnFail.FAIL).count();
    if (counted > ExpectationSpec.MAX_COUNTED) {
      problems.add(
          seq.position(),
          ErrorCode.INVALID_VALUE,
          "Cannot check "
              + what
              + " with "
              + counted
              + " expectations that warn, drop or quarantine: at most "
              + ExpectationSpec.MAX_COUNTED
              + " are supported",
          "combine related checks into one (check: \"a AND b\")");
    }
    return result;
  }

  private Map<String, SinkSpec> readSinks(Optional<YamlMap> section) {
    Map<String, SinkSpec> result = new LinkedHashMap<>();
    if (section.isEmpty()) {
      return result;
    }
    for (YamlMap.Entry entry : section.get().entries().values()) {
      String what = "sink '" + entry.key() + "'";
      checkName(entry, PLAIN_NAME, "sink", "letters, digits, '_' and '-'");
      Optional<YamlMap> map =
          entryMap(entry, "sink", "'type: file', 'from: DATASET' and the connector's options");
      if (map.isEmpty()) {
        continue;
      }
      Optional<String> type = requiredText(map.get(), FormatOptions.TYPE, what);
      Optional<String> from = requiredText(map.get(), FormatOptions.SINK_FROM, what);
      YamlMap commonOnly = filter(map.get(), Set.of("mode", "keys"));
      ResolvedOptions common =
          OptionReader.read(
              commonOnly, List.of(FormatOptions.MODE, FormatOptions.KEYS), what, problems);
      WriteMode mode = writeMode(common);
      List<String> keys = common.find(FormatOptions.KEYS).orElse(List.of());
      if (mode == WriteMode.MERGE && keys.isEmpty()) {
        problems.add(
            OptionReader.keyPosition(map.get(), "mode"),
            ErrorCode.MISSING_REQUIRED,
            "Cannot merge into " + what + " without key columns",
            "add 'keys: [column, ...]'");
      }
      if (type.isPresent() && from.isPresent()) {
        result.put(
            entry.key(),
            new SinkSpec(
                entry.key(),
                type.get(),
                from.get(),
                mode,
                keys,
                map.get(),
                entry.keyPosition(),
                map.get().get("type").orElseThrow().position(),
                map.get().get("from").orElseThrow().position(),
                reconcile(
                    map.get(), "sink '" + entry.key() + "'", FormatOptions.RECONCILE_SECTION)));
      }
    }
    return result;
  }

  // ---------------------------------------------------------------- helpers

  private static WriteMode writeMode(ResolvedOptions options) {
    return WriteMode.valueOf(options.get(FormatOptions.MODE).toUpperCase(Locale.ROOT));
  }

  private static YamlMap filter(YamlMap map, Set<String> keys) {
    Map<String, YamlMap.Entry> kept = new LinkedHashMap<>();
    map.entries()
        .forEach(
            (key, entry) -> {
              if (keys.contains(key)) {
                kept.put(key, entry);
              }
            });
    return new YamlMap(kept, map.position());
  }

  private Optional<String> requiredText(YamlMap map, Option<String> option, String what) {
    Optional<YamlNode> node = map.get(option.key());
    if (node.isEmpty()) {
      problems.add(
          map.position(),
          ErrorCode.MISSING_REQUIRED,
          "Cannot read " + what + ": required key '" + option.key() + "' is missing",
          "add '" + option.key() + ": ...' (" + option.description() + ")");
      return Optional.empty();
    }
    Optional<String> text = scalarText(node.get());
    if (text.isEmpty()) {
      problems.add(
          node.get().position(),
          ErrorCode.WRONG_TYPE,
          "Cannot read '"
              + option.key()
              + "' of "
              + what
              + ": expected a string, got "
              + node.get().kind(),
          option.description());
    }
    return text;
  }

  private void checkName(YamlMap.Entry entry, Pattern pattern, String kind, String expected) {
    if (!pattern.matcher(entry.key()).matches()) {
      problems.add(
          entry.keyPosition(),
          ErrorCode.INVALID_VALUE,
          "Cannot name a " + kind + " '" + entry.key() + "': expected " + expected,
          "rename it, for example '" + entry.key().replaceAll("[^A-Za-z0-9_.]", "_") + "'");
    }
  }

  private Optional<YamlMap> entryMap(YamlMap.Entry entry, String kind, String example) {
    if (entry.value() instanceof YamlMap map) {
      return Optional.of(map);
    }
    problems.add(
        entry.value().position(),
        ErrorCode.WRONG_TYPE,
        "Cannot read "
            + kind
            + " '"
            + entry.key()
            + "': expected a mapping, got "
            + entry.value().kind(),
        "write " + example + " under it");
    return Optional.empty();
  }

  private Optional<YamlMap> mapSection(YamlMap root, String key) {
    Optional<YamlNode> node = root.get(key);
    if (node.isEmpty() || (node.get() instanceof YamlScalar scalar && scalar.isNull())) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlMap map) {
      return Optional.of(map);
    }
    problems.add(
        node.get().position(),
        ErrorCode.WRONG_TYPE,
        "Cannot read '" + key + "': expected a mapping, got " + node.get().kind(),
        "write '" + key + ":' followed by indented 'name: value' lines");
    return Optional.empty();
  }

  /** The sources with the ones the profile defines replaced (or added) whole. */
  private static Optional<YamlMap> replaced(Optional<YamlMap> base, Optional<YamlMap> profile) {
    if (profile.isEmpty()) {
      return base;
    }
    Map<String, YamlMap.Entry> entries =
        new LinkedHashMap<>(base.map(YamlMap::entries).orElse(Map.of()));
    entries.putAll(profile.get().entries());
    return Optional.of(new YamlMap(entries, base.orElse(profile.get()).position()));
  }

  /**
   * The datasets with the keys the profile sets on them merged in (the profile's value wins); a
   * profile may not define new datasets.
   */
  private Optional<YamlMap> merged(Optional<YamlMap> base, Optional<YamlMap> profile) {
    if (profile.isEmpty()) {
      return base;
    }
    Map<String, YamlMap.Entry> entries =
        new LinkedHashMap<>(base.map(YamlMap::entries).orElse(Map.of()));
    for (YamlMap.Entry override : profile.get().entries().values()) {
      YamlMap.Entry original = entries.get(override.key());
      if (original == null) {
        problems.add(
            override.keyPosition(),
            ErrorCode.UNDEFINED_REFERENCE,
            "Cannot set keys of dataset '" + override.key() + "' in the profile: no such dataset",
            "defined datasets: " + String.join(", ", entries.keySet()));
        continue;
      }
      if (!(original.value() instanceof YamlMap originalMap)
          || !(override.value() instanceof YamlMap overrideMap)) {
        problems.add(
            override.keyPosition(),
            ErrorCode.WRONG_TYPE,
            "Cannot merge the profile's keys into dataset '" + override.key() + "'",
            "both must be mappings, such as '" + override.key() + ": { mode: streaming }'");
        continue;
      }
      Map<String, YamlMap.Entry> keys = new LinkedHashMap<>(originalMap.entries());
      keys.putAll(overrideMap.entries());
      entries.put(
          override.key(),
          new YamlMap.Entry(
              original.key(), original.keyPosition(), new YamlMap(keys, originalMap.position())));
    }
    return Optional.of(new YamlMap(entries, base.orElse(profile.get()).position()));
  }

  private Optional<YamlMap> section(YamlMap root, String key, Templates templates) {
    return mapSection(root, key).map(map -> (YamlMap) render(map, templates));
  }

  private YamlNode render(YamlNode node, Templates templates) {
    if (node instanceof YamlScalar scalar) {
      return templates.render(scalar, problems);
    }
    if (node instanceof YamlSeq seq) {
      return new YamlSeq(
          seq.items().stream().map(item -> render(item, templates)).toList(), seq.position());
    }
    YamlMap map = (YamlMap) node;
    Map<String, YamlMap.Entry> entries = new LinkedHashMap<>();
    map.entries()
        .forEach(
            (key, entry) ->
                entries.put(
                    key,
                    new YamlMap.Entry(key, entry.keyPosition(), render(entry.value(), templates))));
    return new YamlMap(entries, map.position());
  }

  private static Optional<String> scalarText(YamlNode node) {
    return node instanceof YamlScalar scalar && !scalar.isNull()
        ? Optional.of(scalar.value())
        : Optional.empty();
  }
}
