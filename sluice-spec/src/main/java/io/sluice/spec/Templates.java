package io.sluice.spec;

import io.sluice.spec.yaml.YamlScalar;
import io.sluice.spi.ErrorCode;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Renders placeholders inside scalar values: "${name}" (a pipeline parameter), "${env:NAME}" and
 * "${env:NAME:-default}" (environment variables), "${secret:NAME}" (an environment variable or the
 * file NAME in $SLUICE_SECRETS_DIR, default .sluice/secrets). "$${" writes a literal "${". Unknown
 * names are problems, never silently left as they are.
 */
public final class Templates {
  private final Map<String, String> parameters;
  private final Function<String, String> environment;
  private final Optional<RunDate> runDate;
  private final boolean deferNames;

  public Templates(Map<String, String> parameters, Function<String, String> environment) {
    this(parameters, environment, Optional.empty());
  }

  private Templates(Function<String, String> environment, boolean deferNames) {
    this.parameters = Map.of();
    this.environment = environment;
    this.runDate = Optional.empty();
    this.deferNames = deferNames;
  }

  /**
   * Renders {@code ${env:...}} and {@code ${secret:...}} only, keeping {@code ${name}} as written:
   * for parameter values, whose references to other parameters and to the run date are rendered
   * once those are known.
   */
  public static Templates environmentOnly(Function<String, String> environment) {
    return new Templates(environment, true);
  }

  /** Also renders the run date's placeholders ({@code ${ds}} ..., see {@link RunDate}). */
  public Templates(
      Map<String, String> parameters,
      Function<String, String> environment,
      Optional<RunDate> runDate) {
    this.parameters = Map.copyOf(parameters);
    this.environment = environment;
    this.runDate = runDate;
    this.deferNames = false;
  }

  /** Renders the scalar; returns it unchanged (and adds problems) when a placeholder fails. */
  public YamlScalar render(YamlScalar scalar, Problems problems) {
    String value = scalar.value();
    if (value == null || !value.contains("${")) {
      return scalar;
    }
    Optional<String> rendered = render(value, scalar, problems);
    return rendered.map(scalar::withValue).orElse(scalar);
  }

  private Optional<String> render(String value, YamlScalar scalar, Problems problems) {
    StringBuilder out = new StringBuilder();
    boolean ok = true;
    int index = 0;
    while (index < value.length()) {
      if (value.startsWith("$${", index)) {
        out.append(deferNames ? "$${" : "${"); // a deferred value is rendered again later
        index += 3;
        continue;
      }
      if (!value.startsWith("${", index)) {
        out.append(value.charAt(index++));
        continue;
      }
      int end = value.indexOf('}', index);
      if (end < 0) {
        problems.add(
            locate(scalar, value, index),
            ErrorCode.INVALID_VALUE,
            "Cannot render placeholder: '${' at offset " + index + " has no closing '}'",
            "close it with '}' or write '$${' for a literal '${'");
        return Optional.empty();
      }
      String name = value.substring(index + 2, end).trim();
      Optional<String> resolved = resolve(name, scalar, value, index, problems);
      ok &= resolved.isPresent();
      resolved.ifPresent(out::append);
      index = end + 1;
    }
    return ok ? Optional.of(out.toString()) : Optional.empty();
  }

  private Optional<String> resolve(
      String name, YamlScalar scalar, String value, int offset, Problems problems) {
    if (name.startsWith("secret:")) {
      return secret(name.substring(7), scalar, value, offset, problems);
    }
    if (name.startsWith("env:")) {
      String variable = name.substring(4);
      String fallback = null;
      int dash = variable.indexOf(":-");
      if (dash >= 0) {
        fallback = variable.substring(dash + 2);
        variable = variable.substring(0, dash);
      }
      String found = environment.apply(variable);
      if (found != null) {
        return Optional.of(found);
      }
      if (fallback != null) {
        return Optional.of(fallback);
      }
      problems.add(
          locate(scalar, value, offset),
          ErrorCode.MISSING_ENV,
          "Cannot render ${env:" + variable + "}: environment variable " + variable + " is not set",
          "export " + variable + "=..., or give a default: ${env:" + variable + ":-value}");
      return Optional.empty();
    }
    if (deferNames) {
      return Optional.of("${" + name + "}");
    }
    String found = parameters.get(name);
    if (found != null) {
      return Optional.of(found);
    }
    Optional<String> date = runDate.flatMap(d -> d.variable(name));
    if (date.isPresent()) {
      return date;
    }
    problems.add(
        locate(scalar, value, offset),
        ErrorCode.UNKNOWN_PARAMETER,
        "Cannot render ${"
            + name
            + "}: no parameter '"
            + name
            + "' is declared; declared: "
            + new TreeSet<>(parameters.keySet())
            + (runDate.isPresent() ? "; run date: " + RunDate.NAMES + ", ds+1d ..." : ""),
        "declare it under 'parameters:' or pass --param " + name + "=VALUE");
    return Optional.empty();
  }

  /**
   * {@code ${secret:NAME}}: the environment variable NAME, else the file NAME in
   * $SLUICE_SECRETS_DIR (default .sluice/secrets), trimmed; {@code :-default} as for env.
   */
  private Optional<String> secret(
      String spec, YamlScalar scalar, String value, int offset, Problems problems) {
    String name = spec;
    String fallback = null;
    int dash = spec.indexOf(":-");
    if (dash >= 0) {
      fallback = spec.substring(dash + 2);
      name = spec.substring(0, dash);
    }
    java.nio.file.Path file = secretFile(name, environment);
    try {
      Optional<String> found = secretValue(name, environment);
      if (found.isPresent()) {
        return found;
      }
    } catch (java.io.IOException e) {
      problems.add(
          locate(scalar, value, offset),
          ErrorCode.MISSING_ENV,
          "Cannot read secret " + name + " from " + file + ": " + e.getMessage(),
          "check the file's permissions");
      return Optional.empty();
    }
    if (fallback != null) {
      io.sluice.spi.Redaction.register(fallback);
      return Optional.of(fallback);
    }
    problems.add(
        locate(scalar, value, offset),
        ErrorCode.MISSING_ENV,
        "Cannot render ${secret:"
            + name
            + "}: no environment variable "
            + name
            + " and no file "
            + file,
        "export " + name + "=..., or write the value to " + file);
    return Optional.empty();
  }

  /**
   * The secret {@code name}: the environment variable, else the file {@code name} in
   * $SLUICE_SECRETS_DIR (default .sluice/secrets), trimmed; empty when neither exists.
   */
  public static Optional<String> secretValue(String name, Function<String, String> environment)
      throws java.io.IOException {
    String found = environment.apply(name);
    if (found == null) {
      java.nio.file.Path file = secretFile(name, environment);
      if (java.nio.file.Files.isRegularFile(file)) {
        found = java.nio.file.Files.readString(file).strip();
      }
    }
    io.sluice.spi.Redaction.register(found); // masked wherever text leaves the process
    return Optional.ofNullable(found);
  }

  /** Where the file of secret {@code name} is looked for. */
  public static java.nio.file.Path secretFile(String name, Function<String, String> environment) {
    String dir = environment.apply("SLUICE_SECRETS_DIR");
    return java.nio.file.Path.of(dir == null ? ".sluice/secrets" : dir).resolve(name);
  }

  private static io.sluice.spec.yaml.Position locate(YamlScalar scalar, String value, int offset) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < offset; i++) {
      if (value.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return scalar.positionOf(line, column);
  }
}
