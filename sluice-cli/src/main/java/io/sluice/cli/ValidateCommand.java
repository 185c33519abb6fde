package io.sluice.cli;

import io.sluice.core.plan.Plan;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sluice validate FILE}: every problem at once, exit 2 if any. */
@Command(name = "validate", description = "Check a pipeline file and report every problem at once.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin PipelineOptions options;

  @Option(
      names = "--schemas",
      description =
          "Also resolve every dataset's and chart's SQL against the datasets' schemas (unknown"
              + " columns), in a scratch lake with a local Spark session: a few seconds more.")
  boolean schemas;

  @Override
  public Integer call() throws IOException {
    Plan plan = options.plan();
    if (schemas) {
      ScratchSchemas.analyse(plan);
    }
    System.out.printf(
        "%s: pipeline '%s' is valid: %d sources, %d datasets, %d sinks%s%n",
        options.file,
        plan.spec().name(),
        plan.spec().sources().size(),
        plan.datasets().size(),
        plan.sinks().size(),
        plan.spec().dashboards().isEmpty()
            ? ""
            : ", "
                + plan.spec().dashboards().size()
                + " dashboard(s) with "
                + plan.spec().dashboards().values().stream().mapToInt(d -> d.charts().size()).sum()
                + " chart(s)");
    return Main.OK;
  }
}
