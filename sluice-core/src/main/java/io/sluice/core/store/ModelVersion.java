package io.sluice.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * A version of a model in the registry: the training run it came from (its metrics, parameters and
 * data are there), where its artifact is, and the aliases ({@code champion}) pointing at it.
 */
public record ModelVersion(
    String model, int version, ExperimentRun training, Instant createdAt, List<String> aliases) {
  public ModelVersion {
    requireNonNull(model, "model is null");
    requireNonNull(training, "training is null");
    requireNonNull(createdAt, "createdAt is null");
    aliases = List.copyOf(aliases);
  }

  /** "v2 [champion], v1": versions with their aliases, for messages. */
  public static String describe(List<ModelVersion> versions) {
    return String.join(
        ", ",
        versions.stream()
            .map(v -> "v" + v.version() + (v.aliases().isEmpty() ? "" : " " + v.aliases()))
            .toList());
  }

  /** {@code models:/NAME/VERSION}, the URI a score names it by. */
  public String uri() {
    return "models:/" + model + "/" + version;
  }
}
