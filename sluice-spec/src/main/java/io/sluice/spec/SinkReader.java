package io.sluice.spec;

import io.sluice.spec.yaml.YamlMap;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.WriteMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code sinks:}: each one's type, input dataset, mode, keys and reconciliation. */
final class SinkReader extends SectionReader {
  SinkReader(Problems problems) {
    super(problems);
  }

  Map<String, SinkSpec> readSinks(Optional<YamlMap> section) {
    Map<String, SinkSpec> result = new LinkedHashMap<>();
    if (section.isEmpty()) {
      return result;
    }
    for (YamlMap.Entry entry : section.get().entries().values()) {
      String what = "sink '" + entry.key() + "'";
      checkName(entry, PLAIN_NAME, "sink", "letters, digits, '_' and '-'");
      Optional<YamlMap> map =
          entryMap(entry, "sink", "'type: file', 'from: DATASET' and the connector's options");
      if (map.isEmpty()) {
        continue;
      }
      Optional<String> type = requiredText(map.get(), FormatOptions.TYPE, what);
      Optional<String> from = requiredText(map.get(), FormatOptions.SINK_FROM, what);
      YamlMap commonOnly = filter(map.get(), Set.of("mode", "keys"));
      ResolvedOptions common =
          OptionReader.read(
              commonOnly, List.of(FormatOptions.MODE, FormatOptions.KEYS), what, problems);
      WriteMode mode = writeMode(common);
      List<String> keys = common.find(FormatOptions.KEYS).orElse(List.of());
      if (mode == WriteMode.MERGE && keys.isEmpty()) {
        problems.add(
            OptionReader.keyPosition(map.get(), "mode"),
            ErrorCode.MISSING_REQUIRED,
            "Cannot merge into " + what + " without key columns",
            "add 'keys: [column, ...]'");
      }
      if (type.isPresent() && from.isPresent()) {
        result.put(
            entry.key(),
            new SinkSpec(
                entry.key(),
                type.get(),
                from.get(),
                mode,
                keys,
                map.get(),
                entry.keyPosition(),
                map.get().get("type").orElseThrow().position(),
                map.get().get("from").orElseThrow().position(),
                reconcile(
                    map.get(), "sink '" + entry.key() + "'", FormatOptions.RECONCILE_SECTION)));
      }
    }
    return result;
  }
}
