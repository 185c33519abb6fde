package io.sluice.spec;

import io.sluice.spec.yaml.Position;
import io.sluice.spec.yaml.YamlMap;
import io.sluice.spec.yaml.YamlNode;
import io.sluice.spec.yaml.YamlScalar;
import io.sluice.spec.yaml.YamlSeq;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.OptionType;
import io.sluice.spi.ResolvedOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a mapping against declared {@link Option}s: rejects unknown keys (listing the supported
 * ones), converts each value to its declared type, and reports missing required keys. Sections are
 * left to the caller.
 */
public final class OptionReader {
  private OptionReader() {}

  /**
   * Reads {@code map}. {@code what} names the mapping in messages, such as "source 'raw'"; the
   * returned options hold only the keys present and valid.
   */
  public static ResolvedOptions read(
      YamlMap map, List<Option<?>> options, String what, Problems problems) {
    Map<String, Option<?>> byKey = new LinkedHashMap<>();
    options.forEach(option -> byKey.put(option.key(), option));
    Map<String, Object> values = new LinkedHashMap<>();
    for (YamlMap.Entry entry : map.entries().values()) {
      Option<?> option = byKey.get(entry.key());
      if (option == null) {
        problems.add(
            entry.keyPosition(),
            ErrorCode.UNKNOWN_KEY,
            "Cannot use key '" + entry.key() + "' in " + what + ": it is not a supported key",
            suggestion(entry.key(), byKey.keySet())
                + "supported keys: "
                + String.join(", ", byKey.keySet()));
        continue;
      }
      if (option.type() == OptionType.SECTION) {
        continue;
      }
      convert(option, entry.value(), what, problems)
          .filter(value -> checked(option, value, entry.value(), what, problems))
          .ifPresent(
              value -> {
                if (option.secret()) {
                  registerSecret(value);
                }
                values.put(option.key(), value);
              });
    }
    for (Option<?> option : options) {
      if (option.required() && !map.entries().containsKey(option.key())) {
        problems.add(
            map.position(),
            ErrorCode.MISSING_REQUIRED,
            "Cannot read " + what + ": required key '" + option.key() + "' is missing",
            "add '" + option.key() + ": ...' (" + option.description() + ")");
      }
    }
    return new ResolvedOptions(values);
  }

  /** A secret option's value (a string, or each string of a list or map) is masked from now on. */
  private static void registerSecret(Object value) {
    if (value instanceof String text) {
      // 'embedded' names the service Sluice starts (url: embedded), not a credential: masking it
      // would mask the word in every message ("Starting the **** PostgreSQL server")
      if (!text.strip().equals(EngineSettings.EMBEDDED)) {
        io.sluice.spi.Redaction.register(text);
      }
    } else if (value instanceof java.util.Collection<?> list) {
      list.forEach(OptionReader::registerSecret);
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(OptionReader::registerSecret);
    }
  }

  /** Converts one node to the option's type, or adds a problem. */
  public static Optional<Object> convert(
      Option<?> option, YamlNode node, String what, Problems problems) {
    String key = option.key();
    switch (option.type()) {
      case STRING -> {
        return scalarText(node)
            .map(Object.class::cast)
            .or(() -> wrong(option, node, what, "a string", problems));
      }
      case INT, LONG -> {
        Optional<String> text = scalarText(node);
        if (text.isPresent()) {
          try {
            long parsed = Long.parseLong(text.get().trim());
            if (option.type() == OptionType.INT) {
              return Optional.of(Math.toIntExact(parsed));
            }
            return Optional.of(parsed);
          } catch (NumberFormatException | ArithmeticException e) {
            // fall through to the problem below
          }
        }
        return wrong(option, node, what, "an integer", problems);
      }
      case DOUBLE -> {
        Optional<String> text = scalarText(node);
        if (text.isPresent()) {
          try {
            return Optional.of(Double.parseDouble(text.get().trim()));
          } catch (NumberFormatException e) {
            // fall through to the problem below
          }
        }
        return wrong(option, node, what, "a number", problems);
      }
      case BOOLEAN -> {
        Optional<String> text = scalarText(node).map(t -> t.trim().toLowerCase(Locale.ROOT));
        if (text.isPresent() && (text.get().equals("true") || text.get().equals("false"))) {
          return Optional.of(Boolean.parseBoolean(text.get()));
        }
        return wrong(option, node, what, "true or false", problems);
      }
      case ENUM -> {
        Optional<String> text = scalarText(node).map(t -> t.trim().toLowerCase(Locale.ROOT));
        if (text.isPresent() && option.allowedValues().contains(text.get())) {
          return Optional.of(text.get());
        }
        if (text.isPresent()) {
          problems.add(
              node.position(),
              ErrorCode.INVALID_VALUE,
              "Cannot use "
                  + shown(option, text.get())
                  + " for '"
                  + key
                  + "' in "
                  + what
                  + ": expected one of "
                  + String.join(", ", option.allowedValues()),
              suggestion(text.get(), option.allowedValues()) + option.description());
          return Optional.empty();
        }
        return wrong(option, node, what, "one of " + option.allowedValues(), problems);
      }
      case STRING_LIST -> {
        if (node instanceof YamlSeq seq) {
          List<String> items = new ArrayList<>();
          for (YamlNode item : seq.items()) {
            Optional<String> text = scalarText(item);
            if (text.isEmpty()) {
              return wrong(option, item, what, "a list of strings", problems);
            }
            items.add(text.get());
          }
          return Optional.of(List.copyOf(items));
        }
        return scalarText(node)
            .map(text -> (Object) List.of(text))
            .or(() -> wrong(option, node, what, "a list of strings", problems));
      }
      case STRING_MAP -> {
        if (node instanceof YamlMap map) {
          Map<String, String> entries = new LinkedHashMap<>();
          for (YamlMap.Entry entry : map.entries().values()) {
            Optional<String> text = scalarText(entry.value());
            if (text.isEmpty()) {
              return wrong(option, entry.value(), what, "a mapping of names to strings", problems);
            }
            entries.put(entry.key(), text.get());
          }
          return Optional.of(java.util.Collections.unmodifiableMap(entries));
        }
        return wrong(option, node, what, "a mapping of names to strings", problems);
      }
      case DURATION -> {
        Optional<java.time.Duration> duration = scalarText(node).flatMap(Durations::parse);
        if (duration.isPresent()) {
          return Optional.of(duration.get());
        }
        return wrong(option, node, what, "a duration such as 30s, 5m or 2h", problems);
      }
      case SECTION -> {
        return Optional.of(node);
      }
    }
    throw new IllegalStateException("unknown option type " + option.type());
  }

  /** Whether {@code value} keeps the option's rule (a range ...); adds the problem when not. */
  private static boolean checked(
      Option<?> option, Object value, YamlNode node, String what, Problems problems) {
    Optional<String> problem = option.problem(value);
    problem.ifPresent(
        expected ->
            problems.add(
                node.position(),
                ErrorCode.INVALID_VALUE,
                "Cannot use "
                    + shown(option, node instanceof YamlScalar s ? s.value() : node.kind())
                    + " for '"
                    + option.key()
                    + "' in "
                    + what
                    + ": expected "
                    + expected,
                option.description()));
    return problem.isEmpty();
  }

  private static Optional<String> scalarText(YamlNode node) {
    if (node instanceof YamlScalar scalar && !scalar.isNull()) {
      return Optional.of(scalar.value());
    }
    return Optional.empty();
  }

  private static Optional<Object> wrong(
      Option<?> option, YamlNode node, String what, String expected, Problems problems) {
    String actual = option.secret() && node instanceof YamlScalar ? "a masked value" : node.kind();
    problems.add(
        node.position(),
        ErrorCode.WRONG_TYPE,
        "Cannot read '"
            + option.key()
            + "' in "
            + what
            + ": expected "
            + expected
            + ", got "
            + actual,
        option.description());
    return Optional.empty();
  }

  private static String shown(Option<?> option, String value) {
    return option.secret() ? "'****'" : "'" + value + "'";
  }

  /** "did you mean 'x'? " when a known name is within two edits, else the empty string. */
  public static String suggestion(String given, java.util.Collection<String> known) {
    return known.stream()
        .filter(
            candidate ->
                distance(given.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT)) <= 2)
        .findFirst()
        .map(candidate -> "did you mean '" + candidate + "'? ")
        .orElse("");
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** A position to report a problem about a whole mapping key. */
  static Position keyPosition(YamlMap map, String key) {
    return map.entry(key).map(YamlMap.Entry::keyPosition).orElse(map.position());
  }

  /** A position to report a problem about a key's value. */
  public static Position valuePosition(YamlMap map, String key) {
    return map.get(key).map(YamlNode::position).orElse(keyPosition(map, key));
  }
}
