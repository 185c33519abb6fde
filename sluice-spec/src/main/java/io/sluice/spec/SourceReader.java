package io.sluice.spec;

import io.sluice.spec.yaml.YamlMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads {@code sources:}, {@code services:} and {@code sensors:}: a name, a type, options. */
final class SourceReader extends SectionReader {
  SourceReader(Problems problems) {
    super(problems);
  }

  Map<String, SourceSpec> readSources(Optional<YamlMap> section, String kind) {
    Map<String, SourceSpec> result = new LinkedHashMap<>();
    if (section.isEmpty()) {
      return result;
    }
    for (YamlMap.Entry entry : section.get().entries().values()) {
      checkName(entry, PLAIN_NAME, kind, "letters, digits, '_' and '-'");
      Optional<YamlMap> map = entryMap(entry, kind, "'type: ...' and its options");
      if (map.isEmpty()) {
        continue;
      }
      Optional<String> type =
          requiredText(map.get(), FormatOptions.TYPE, kind + " '" + entry.key() + "'");
      type.ifPresent(
          t ->
              result.put(
                  entry.key(),
                  new SourceSpec(
                      entry.key(),
                      t,
                      map.get(),
                      entry.keyPosition(),
                      map.get().get("type").orElseThrow().position())));
    }
    return result;
  }
}
