package io.sluice.spec;

import io.sluice.spec.yaml.Position;
import io.sluice.spec.yaml.YamlLoader;
import io.sluice.spec.yaml.YamlMap;
import io.sluice.spec.yaml.YamlNode;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a pipeline file into a {@link PipelineSpec}: YAML with positions, profile selection,
 * parameter values, templating, then every section against {@link FormatOptions}, each by its own
 * reader ({@link ParameterReader}, {@link ProfileReader}, {@link ScheduleReader}, {@link
 * SettingsReader}, {@link SourceReader}, {@link DatasetReader}, {@link SinkReader}, {@link
 * PolicyReader}). Every problem is collected; {@link #load} throws one {@link ValidationException}
 * listing all of them.
 */
public final class PipelineLoader {
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
      long size = Files.size(path);
      if (size > 4L * io.sluice.spec.yaml.YamlLoader.MAX_CHARS) {
        problems.add(
            new Position(path.toString(), 1, 1),
            ErrorCode.INVALID_VALUE,
            "Cannot load pipeline file "
                + path
                + ": it is "
                + size
                + " bytes, far more than the "
                + io.sluice.spec.yaml.YamlLoader.MAX_CHARS
                + " characters a pipeline file may have",
            "check that this is the pipeline file; split a pipeline that large");
        return Optional.empty();
      }
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
    ParameterReader parameterReader = new ParameterReader(problems);
    ProfileReader profileReader = new ProfileReader(problems);
    ScheduleReader scheduleReader = new ScheduleReader(problems);
    SourceReader sourceReader = new SourceReader(problems);
    PolicyReader policyReader = new PolicyReader(problems);

    Map<String, ParameterReader.ParameterDefinition> declared =
        parameterReader.readParameters(root);
    Map<String, YamlMap> profiles = profileReader.readProfiles(root);
    Optional<YamlMap> profile = profileReader.selectProfile(root, profiles, request.profile());

    Map<String, String> values = parameterReader.parameterValues(root, declared, profile, request);
    Optional<ScheduleSpec> schedule =
        scheduleReader.readSchedule(root, new Templates(values, request.environment()));
    RunDate runDate = scheduleReader.runDate(schedule, request, root);
    values =
        parameterReader.resolveReferences(
            values, declared, request.environment(), Optional.of(runDate));
    Templates templates = new Templates(values, request.environment(), Optional.of(runDate));

    EngineSettings settings = new SettingsReader(problems).readSettings(root, profile, templates);
    Map<String, SourceSpec> sources =
        sourceReader.readSources(
            ProfileReader.replaced(
                profileReader.section(root, "sources", templates),
                profileReader.profileSection(profile, "sources", templates)),
            "source");
    Map<String, SourceSpec> services =
        sourceReader.readSources(
            ProfileReader.replaced(
                profileReader.section(root, "services", templates),
                profileReader.profileSection(profile, "services", templates)),
            "service");
    Map<String, SourceSpec> sensors =
        sourceReader.readSources(
            ProfileReader.replaced(
                profileReader.section(root, "sensors", templates),
                profileReader.profileSection(profile, "sensors", templates)),
            "sensor");
    Map<String, DatasetSpec> datasets =
        new DatasetReader(problems)
            .readDatasets(
                profileReader.merged(
                    profileReader.section(root, "datasets", templates),
                    profileReader.profileSection(profile, "datasets", templates)));
    Map<String, SinkSpec> sinks =
        new SinkReader(problems).readSinks(profileReader.section(root, "sinks", templates));
    if (datasets.isEmpty() && sinks.isEmpty() && !root.entries().containsKey("datasets")) {
      problems.add(
          root.position(),
          ErrorCode.MISSING_REQUIRED,
          "Cannot run a pipeline without datasets or sinks",
          "add a 'datasets:' section, for example 'bronze.events: { from: my_source }'");
    }
    return Optional.of(
        PipelineSpec.builder(top.find(FormatOptions.PIPELINE).orElse("unnamed"), path)
            .description(top.find(FormatOptions.DESCRIPTION).orElse(""))
            .profile(request.profile())
            .parameters(values)
            .settings(settings)
            .sources(sources)
            .datasets(datasets)
            .sinks(sinks)
            .services(services)
            .slackWebhook(policyReader.slackWebhook(root, templates))
            .tracking(policyReader.readTracking(root, templates))
            .metrics(policyReader.readMetrics(root, templates))
            .lineage(policyReader.readLineage(root, templates))
            .schedule(schedule)
            .runDate(runDate)
            .sensors(sensors)
            .retries(policyReader.readRetries(root, templates))
            .alerts(policyReader.readAlerts(root, templates))
            .retention(policyReader.readRetention(root, templates))
            .dashboards(
                new DashboardReader(problems)
                    .read(profileReader.section(root, "dashboards", templates)))
            .build());
  }
}
