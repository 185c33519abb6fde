package io.sluice.spec;

import io.sluice.spec.yaml.Position;
import io.sluice.spec.yaml.YamlMap;
import io.sluice.spec.yaml.YamlScalar;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reads {@code parameters:} and the values they take (defaults, the profile, --param). */
final class ParameterReader extends SectionReader {
  ParameterReader(Problems problems) {
    super(problems);
  }

  record ParameterDefinition(String name, String defaultValue, Position position) {}

  Map<String, ParameterDefinition> readParameters(YamlMap root) {
    Map<String, ParameterDefinition> result = new LinkedHashMap<>();
    Optional<YamlMap> section = mapSection(root, "parameters");
    if (section.isEmpty()) {
      return result;
    }
    for (YamlMap.Entry entry : section.get().entries().values()) {
      String defaultValue = null;
      if (entry.value() instanceof YamlScalar scalar) {
        defaultValue = scalar.value();
      } else if (entry.value() instanceof YamlMap map) {
        ResolvedOptions options =
            OptionReader.read(
                map, FormatOptions.PARAMETER, "parameter '" + entry.key() + "'", problems);
        defaultValue = options.find(FormatOptions.PARAMETER_DEFAULT).orElse(null);
      } else {
        problems.add(
            entry.value().position(),
            ErrorCode.WRONG_TYPE,
            "Cannot read parameter '"
                + entry.key()
                + "': expected a default value or a mapping, got a list",
            "write 'name: default' or 'name: {default: ..., description: ...}'");
      }
      result.put(
          entry.key(), new ParameterDefinition(entry.key(), defaultValue, entry.keyPosition()));
    }
    return result;
  }

  Map<String, String> parameterValues(
      YamlMap root,
      Map<String, ParameterDefinition> declared,
      Optional<YamlMap> profile,
      LoadRequest request) {
    Map<String, String> values = new LinkedHashMap<>();
    Templates envOnly = Templates.environmentOnly(request.environment());
    declared.values().stream()
        .filter(definition -> definition.defaultValue() != null)
        .forEach(
            definition -> {
              YamlScalar raw =
                  new YamlScalar(definition.defaultValue(), false, false, 1, definition.position());
              values.put(definition.name(), envOnly.render(raw, problems).value());
            });
    profile
        .flatMap(map -> map.get("parameters"))
        .filter(YamlMap.class::isInstance)
        .map(YamlMap.class::cast)
        .ifPresent(
            map ->
                map.entries()
                    .values()
                    .forEach(
                        entry -> {
                          if (!declared.containsKey(entry.key())) {
                            unknownParameter(entry.keyPosition(), entry.key(), declared.keySet());
                          } else if (entry.value() instanceof YamlScalar scalar
                              && !scalar.isNull()) {
                            values.put(entry.key(), envOnly.render(scalar, problems).value());
                          }
                        }));
    request
        .parameters()
        .forEach(
            (name, value) -> {
              if (!declared.containsKey(name)) {
                unknownParameter(
                    OptionReader.keyPosition(root, "parameters"), name, declared.keySet());
              } else {
                values.put(name, value);
              }
            });
    for (ParameterDefinition definition : declared.values()) {
      if (!values.containsKey(definition.name())) {
        problems.add(
            definition.position(),
            ErrorCode.MISSING_REQUIRED,
            "Cannot run without parameter '"
                + definition.name()
                + "': it has no default and no value was given",
            "pass --param " + definition.name() + "=VALUE or give it a default");
      }
    }
    return values;
  }

  /**
   * Renders parameter values that name other parameters or the run date ({@code input:
   * ${data}/trips-${ds}.csv}), once the run date is known; a chain of references is followed, a
   * cycle is a problem.
   */
  Map<String, String> resolveReferences(
      Map<String, String> values,
      Map<String, ParameterDefinition> declared,
      Function<String, String> environment,
      Optional<RunDate> runDate) {
    Map<String, String> resolved = new java.util.LinkedHashMap<>(values);
    for (int round = 0; round <= values.size(); round++) {
      boolean changed = false;
      for (Map.Entry<String, String> entry : resolved.entrySet()) {
        String value = entry.getValue();
        if (value == null || !value.replace("$${", "").contains("${")) {
          continue;
        }
        Map<String, String> others = new java.util.HashMap<>(resolved);
        others.remove(entry.getKey());
        others.values().removeIf(v -> v == null || v.replace("$${", "").contains("${"));
        Problems local = new Problems();
        ParameterDefinition definition = declared.get(entry.getKey());
        Position at = definition == null ? new Position("", 1, 1) : definition.position();
        String rendered =
            new Templates(others, environment, runDate)
                .render(new YamlScalar(value, false, false, 1, at), local)
                .value();
        if (local.isEmpty()) {
          entry.setValue(rendered);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    resolved.forEach(
        (name, value) -> {
          if (value != null && value.replace("$${", "").contains("${")) {
            ParameterDefinition definition = declared.get(name);
            Position at = definition == null ? new Position("", 1, 1) : definition.position();
            new Templates(resolved, environment, runDate)
                .render(new YamlScalar(value, false, false, 1, at), problems);
          }
        });
    return resolved;
  }

  void unknownParameter(Position position, String name, Set<String> declared) {
    problems.add(
        position,
        ErrorCode.UNKNOWN_PARAMETER,
        "Cannot set parameter '"
            + name
            + "': the file declares "
            + new java.util.TreeSet<>(declared),
        OptionReader.suggestion(name, declared) + "declare it under 'parameters:'");
  }
}
