package io.sluice.cli;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.Planner;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.spec.EngineSettings;
import io.sluice.spec.LoadRequest;
import io.sluice.spec.PipelineLoader;
import io.sluice.spec.PipelineSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options every pipeline command shares: the file, parameters, the profile, verbosity. */
final class PipelineOptions {
  @Parameters(index = "0", paramLabel = "FILE", description = "The pipeline file (pipeline.yaml).")
  Path file;

  @Option(
      names = {"-p", "--param"},
      paramLabel = "KEY=VALUE",
      description = "Set a parameter; repeatable.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "The profile to apply (default: ${DEFAULT-VALUE}).")
  String profile = LoadRequest.DEFAULT_PROFILE;

  @Option(
      names = {"-v", "--verbose"},
      description = "Show stack traces and Spark's logs.")
  boolean verbose;

  @Option(
      names = "--date",
      paramLabel = "DATE",
      description =
          "The run's logical date, YYYY-MM-DD (or an interval start as an ISO date-time): sets"
              + " $${ds}, $${ds_nodash}, $${ds_epoch_ms}, $${data_interval_start} ... Default: the"
              + " schedule's latest finished interval, or today (UTC).")
  String date;

  @Option(
      names = "--lake",
      paramLabel = "PATH",
      description = "Use this lake instead of the file's.")
  String lake;

  @Option(
      names = "--run-store",
      paramLabel = "JDBC_URL",
      description = "Use this run store instead of the file's.")
  String runStore;

  PipelineSpec load() {
    if (verbose) {
      System.setProperty("sluice.verboseSpark", "true");
    }
    return overridden(PipelineLoader.load(file, request()));
  }

  LoadRequest request() {
    return request(java.util.Optional.ofNullable(date));
  }

  /** The load request for another logical date (a backfill's, a resumed run's). */
  LoadRequest request(java.util.Optional<String> logicalDate) {
    return new LoadRequest(profile, parameters, System::getenv, logicalDate);
  }

  /** Applies --lake and --run-store, which win over the file and its profile. */
  PipelineSpec overridden(PipelineSpec spec) {
    return overridden(spec, lake, runStore);
  }

  /** {@code spec} with {@code lake} and {@code runStore} instead of its own, where not null. */
  static PipelineSpec overridden(PipelineSpec spec, String lake, String runStore) {
    if (lake == null && runStore == null) {
      return spec;
    }
    EngineSettings changed = spec.settings().withLakeAndRunStore(lake, runStore);
    return spec.withSettings(changed);
  }

  Plan plan() {
    return plan(request());
  }

  /** The plan of {@code request}, with --lake and --run-store applied. */
  Plan plan(LoadRequest request) {
    if (verbose) {
      System.setProperty("sluice.verboseSpark", "true");
    }
    Plan plan = Planner.load(file, request, ConnectorRegistry.load(), new SparkSqlAnalyzer());
    return plan.withSpec(overridden(plan.spec()));
  }
}
