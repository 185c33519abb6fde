package io.sluice.cli;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.Planner;
import io.sluice.engine.spark.SparkSqlAnalyzer;
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

  PipelineSpec load() {
    if (verbose) {
      System.setProperty("sluice.verboseSpark", "true");
    }
    return PipelineLoader.load(file, new LoadRequest(profile, parameters, System::getenv));
  }

  Plan plan() {
    if (verbose) {
      System.setProperty("sluice.verboseSpark", "true");
    }
    return Planner.load(
        file,
        new LoadRequest(profile, parameters, System::getenv),
        ConnectorRegistry.load(),
        new SparkSqlAnalyzer());
  }
}
