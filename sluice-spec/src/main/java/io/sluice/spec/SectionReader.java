package io.sluice.spec;

import io.sluice.spec.yaml.YamlMap;
import io.sluice.spec.yaml.YamlNode;
import io.sluice.spec.yaml.YamlScalar;
import io.sluice.spec.yaml.YamlSeq;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.WriteMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the readers of a pipeline file's sections share: the problems they add to (every problem is
 * collected, none thrown) and the helpers that read YAML nodes with their positions.
 */
abstract class SectionReader {
  static final Pattern DATASET_NAME =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
  static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  final Problems problems;

  SectionReader(Problems problems) {
    this.problems = problems;
  }

  static WriteMode writeMode(ResolvedOptions options) {
    return WriteMode.valueOf(options.get(FormatOptions.MODE).toUpperCase(Locale.ROOT));
  }

  static YamlMap filter(YamlMap map, Set<String> keys) {
    Map<String, YamlMap.Entry> kept = new LinkedHashMap<>();
    map.entries()
        .forEach(
            (key, entry) -> {
              if (keys.contains(key)) {
                kept.put(key, entry);
              }
            });
    return new YamlMap(kept, map.position());
  }

  Optional<String> requiredText(YamlMap map, Option<String> option, String what) {
    Optional<YamlNode> node = map.get(option.key());
    if (node.isEmpty()) {
      problems.add(
          map.position(),
          ErrorCode.MISSING_REQUIRED,
          "Cannot read " + what + ": required key '" + option.key() + "' is missing",
          "add '" + option.key() + ": ...' (" + option.description() + ")");
      return Optional.empty();
    }
    Optional<String> text = scalarText(node.get());
    if (text.isEmpty()) {
      problems.add(
          node.get().position(),
          ErrorCode.WRONG_TYPE,
          "Cannot read '"
              + option.key()
              + "' of "
              + what
              + ": expected a string, got "
              + node.get().kind(),
          option.description());
    }
    return text;
  }

  void checkName(YamlMap.Entry entry, Pattern pattern, String kind, String expected) {
    if (!pattern.matcher(entry.key()).matches()) {
      problems.add(
          entry.keyPosition(),
          ErrorCode.INVALID_VALUE,
          "Cannot name a " + kind + " '" + entry.key() + "': expected " + expected,
          "rename it, for example '" + entry.key().replaceAll("[^A-Za-z0-9_.]", "_") + "'");
    }
  }

  Optional<YamlMap> entryMap(YamlMap.Entry entry, String kind, String example) {
    if (entry.value() instanceof YamlMap map) {
      return Optional.of(map);
    }
    problems.add(
        entry.value().position(),
        ErrorCode.WRONG_TYPE,
        "Cannot read "
            + kind
            + " '"
            + entry.key()
            + "': expected a mapping, got "
            + entry.value().kind(),
        "write " + example + " under it");
    return Optional.empty();
  }

  Optional<YamlMap> mapSection(YamlMap root, String key) {
    Optional<YamlNode> node = root.get(key);
    if (node.isEmpty() || (node.get() instanceof YamlScalar scalar && scalar.isNull())) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlMap map) {
      return Optional.of(map);
    }
    problems.add(
        node.get().position(),
        ErrorCode.WRONG_TYPE,
        "Cannot read '" + key + "': expected a mapping, got " + node.get().kind(),
        "write '" + key + ":' followed by indented 'name: value' lines");
    return Optional.empty();
  }

  Optional<YamlMap> section(YamlMap root, String key, Templates templates) {
    return mapSection(root, key).map(map -> (YamlMap) render(map, templates));
  }

  YamlNode render(YamlNode node, Templates templates) {
    if (node instanceof YamlScalar scalar) {
      return templates.render(scalar, problems);
    }
    if (node instanceof YamlSeq seq) {
      return new YamlSeq(
          seq.items().stream().map(item -> render(item, templates)).toList(), seq.position());
    }
    YamlMap map = (YamlMap) node;
    Map<String, YamlMap.Entry> entries = new LinkedHashMap<>();
    map.entries()
        .forEach(
            (key, entry) ->
                entries.put(
                    key,
                    new YamlMap.Entry(key, entry.keyPosition(), render(entry.value(), templates))));
    return new YamlMap(entries, map.position());
  }

  static Optional<String> scalarText(YamlNode node) {
    return node instanceof YamlScalar scalar && !scalar.isNull()
        ? Optional.of(scalar.value())
        : Optional.empty();
  }

  Optional<ReconcileSpec> reconcile(YamlMap owner, String what, List<Option<?>> keys) {
    Optional<YamlMap> section = mapSection(owner, "reconcile");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    ResolvedOptions options =
        OptionReader.read(section.get(), keys, "the reconcile of " + what, problems);
    String onFail = options.get(FormatOptions.RECONCILE_ON_FAIL).toLowerCase(Locale.ROOT);
    if (!onFail.equals("fail") && !onFail.equals("warn")) {
      problems.add(
          OptionReader.valuePosition(section.get(), "on_fail"),
          ErrorCode.INVALID_VALUE,
          "Cannot use on_fail '" + onFail + "' for the reconcile of " + what,
          "use fail or warn");
    }
    return Optional.of(
        new ReconcileSpec(
            options.find(FormatOptions.RECONCILE_KEYS).orElse(List.of()),
            options.find(FormatOptions.RECONCILE_SUMS).orElse(List.of()),
            !onFail.equals("warn"),
            options.find(FormatOptions.RECONCILE_WITH),
            options.get(FormatOptions.RECONCILE_ROWS)));
  }
}
