package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.Function;

/**
 * What the caller chose: the profile, parameter values from the command line, the environment, and
 * the run's logical date: a day {@code YYYY-MM-DD} or the start of a data interval as an ISO
 * date-time (the scheduler's); without one, the latest finished interval of the schedule, or today
 * (UTC) for a pipeline without a schedule.
 */
public record LoadRequest(
    String profile,
    Map<String, String> parameters,
    Function<String, String> environment,
    java.util.Optional<String> date) {
  public static final String DEFAULT_PROFILE = "local";

  public LoadRequest {
    requireNonNull(profile, "profile is null");
    parameters = Map.copyOf(parameters);
    requireNonNull(environment, "environment is null");
    requireNonNull(date, "date is null");
  }

  public LoadRequest(
      String profile, Map<String, String> parameters, Function<String, String> environment) {
    this(profile, parameters, environment, java.util.Optional.empty());
  }

  public static LoadRequest defaults() {
    return new LoadRequest(DEFAULT_PROFILE, Map.of(), System::getenv);
  }
}
