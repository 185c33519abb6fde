package io.sluice.spec;

import io.sluice.spec.yaml.YamlMap;
import io.sluice.spec.yaml.YamlScalar;
import io.sluice.spi.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads {@code profiles:}, selects one, and lays its sections over the file's. */
final class ProfileReader extends SectionReader {
  ProfileReader(Problems problems) {
    super(problems);
  }

  /** The keys the selected profile sets under {@code key} (sources, datasets ...), rendered. */
  Optional<YamlMap> profileSection(Optional<YamlMap> profile, String key, Templates templates) {
    return profile.flatMap(p -> mapSection(p, key)).map(m -> (YamlMap) render(m, templates));
  }

  Map<String, YamlMap> readProfiles(YamlMap root) {
    Map<String, YamlMap> result = new LinkedHashMap<>();
    mapSection(root, "profiles")
        .ifPresent(
            section -> {
              for (YamlMap.Entry entry : section.entries().values()) {
                if (entry.value() instanceof YamlMap map) {
                  OptionReader.read(
                      map, FormatOptions.PROFILE, "profile '" + entry.key() + "'", problems);
                  mapSection(map, "spark")
                      .ifPresent(
                          spark ->
                              OptionReader.read(
                                  spark,
                                  FormatOptions.SPARK_SECTION,
                                  "the spark settings of profile '" + entry.key() + "'",
                                  problems));
                  result.put(entry.key(), map);
                } else if (!(entry.value() instanceof YamlScalar scalar && scalar.isNull())) {
                  problems.add(
                      entry.value().position(),
                      ErrorCode.WRONG_TYPE,
                      "Cannot read profile '"
                          + entry.key()
                          + "': expected a mapping, got "
                          + entry.value().kind(),
                      "write 'NAME: { lake: ..., spark: { master: ... } }'");
                } else {
                  result.put(entry.key(), new YamlMap(Map.of(), entry.value().position()));
                }
              }
            });
    return result;
  }

  Optional<YamlMap> selectProfile(YamlMap root, Map<String, YamlMap> profiles, String name) {
    if (profiles.containsKey(name)) {
      return Optional.of(profiles.get(name));
    }
    if (!name.equals(LoadRequest.DEFAULT_PROFILE)) {
      Set<String> known = new java.util.TreeSet<>(profiles.keySet());
      known.add(LoadRequest.DEFAULT_PROFILE);
      problems.add(
          OptionReader.keyPosition(root, "profiles"),
          ErrorCode.UNKNOWN_PROFILE,
          "Cannot select profile '" + name + "': the file defines " + known,
          OptionReader.suggestion(name, known) + "pass one of them with --profile");
    }
    return Optional.empty();
  }

  /** The sources with the ones the profile defines replaced (or added) whole. */
  static Optional<YamlMap> replaced(Optional<YamlMap> base, Optional<YamlMap> profile) {
    if (profile.isEmpty()) {
      return base;
    }
    Map<String, YamlMap.Entry> entries =
        new LinkedHashMap<>(base.map(YamlMap::entries).orElse(Map.of()));
    entries.putAll(profile.get().entries());
    return Optional.of(new YamlMap(entries, base.orElse(profile.get()).position()));
  }

  /**
   * The datasets with the keys the profile sets on them merged in (the profile's value wins); a
   * profile may not define new datasets.
   */
  Optional<YamlMap> merged(Optional<YamlMap> base, Optional<YamlMap> profile) {
    if (profile.isEmpty()) {
      return base;
    }
    Map<String, YamlMap.Entry> entries =
        new LinkedHashMap<>(base.map(YamlMap::entries).orElse(Map.of()));
    for (YamlMap.Entry override : profile.get().entries().values()) {
      YamlMap.Entry original = entries.get(override.key());
      if (original == null) {
        problems.add(
            override.keyPosition(),
            ErrorCode.UNDEFINED_REFERENCE,
            "Cannot set keys of dataset '" + override.key() + "' in the profile: no such dataset",
            "defined datasets: " + String.join(", ", entries.keySet()));
        continue;
      }
      if (!(original.value() instanceof YamlMap originalMap)
          || !(override.value() instanceof YamlMap overrideMap)) {
        problems.add(
            override.keyPosition(),
            ErrorCode.WRONG_TYPE,
            "Cannot merge the profile's keys into dataset '" + override.key() + "'",
            "both must be mappings, such as '" + override.key() + ": { mode: streaming }'");
        continue;
      }
      Map<String, YamlMap.Entry> keys = new LinkedHashMap<>(originalMap.entries());
      keys.putAll(overrideMap.entries());
      entries.put(
          override.key(),
          new YamlMap.Entry(
              original.key(), original.keyPosition(), new YamlMap(keys, originalMap.position())));
    }
    return Optional.of(new YamlMap(entries, base.orElse(profile.get()).position()));
  }
}
