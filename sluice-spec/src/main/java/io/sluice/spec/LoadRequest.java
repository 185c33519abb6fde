package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.Function;

/** What the caller chose: the profile, parameter values from the command line, the environment. */
public record LoadRequest(
    String profile, Map<String, String> parameters, Function<String, String> environment) {
  public static final String DEFAULT_PROFILE = "local";

  public LoadRequest {
    requireNonNull(profile, "profile is null");
    parameters = Map.copyOf(parameters);
    requireNonNull(environment, "environment is null");
  }

  public static LoadRequest defaults() {
    return new LoadRequest(DEFAULT_PROFILE, Map.of(), System::getenv);
  }
}
