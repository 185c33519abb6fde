package io.sluice.server.console;

import static java.util.Objects.requireNonNull;

import io.sluice.core.plan.Plan;
import io.sluice.spec.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline file the console found: its name, text and either its plan or the problems that stop
 * it from planning (with their lines).
 */
record PipelineEntry(
    String name,
    Path file,
    String text,
    Optional<Plan> plan,
    List<Problem> problems,
    String error) {
  PipelineEntry {
    requireNonNull(name, "name is null");
    requireNonNull(file, "file is null");
    requireNonNull(text, "text is null");
    requireNonNull(plan, "plan is null");
    problems = List.copyOf(problems);
    requireNonNull(error, "error is null");
  }

  boolean valid() {
    return plan.isPresent();
  }
}
