package io.sluice.cli;

import io.sluice.core.plan.Plan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice validate FILE}: every problem at once, exit 2 if any. */
@Command(name = "validate", description = "Check a pipeline file and report every problem at once.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin PipelineOptions options;

  @Override
  public Integer call() {
    Plan plan = options.plan();
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
