package io.sluice.spec;

import io.sluice.spec.yaml.YamlMap;
import io.sluice.spec.yaml.YamlNode;
import io.sluice.spec.yaml.YamlSeq;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a dataset's {@code train:} section and its algorithms. */
final class TrainReader extends SectionReader {
  TrainReader(Problems problems) {
    super(problems);
  }

  Optional<DatasetDefinition> train(YamlMap dataset, String name, String what) {
    Optional<YamlMap> section = mapSection(dataset, "train");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    String context = "the training of " + what;
    int before = problems.size();
    ResolvedOptions options =
        OptionReader.read(section.get(), TrainOptions.TRAIN, context, problems);
    double testFraction = options.get(TrainOptions.TEST_FRACTION);
    if (testFraction < 0.05 || testFraction > 0.5) {
      problems.add(
          OptionReader.valuePosition(section.get(), "test_fraction"),
          ErrorCode.INVALID_VALUE,
          "Cannot hold out " + testFraction + " of the rows to test " + context,
          "use a fraction between 0.05 and 0.5, such as 0.2");
    }
    if (options.contains(TrainOptions.MAX_REGRESSION)
        && options.get(TrainOptions.MAX_REGRESSION) < 0) {
      problems.add(
          OptionReader.valuePosition(section.get(), "max_regression"),
          ErrorCode.INVALID_VALUE,
          "Cannot use a negative max_regression for " + context,
          "use 0 (never worse than the champion) or a fraction such as 0.05");
    }
    List<DatasetDefinition.TrainAlgorithm> algorithms = algorithms(section.get(), context);
    if (problems.size() > before || algorithms.isEmpty()) {
      return Optional.empty();
    }
    String table = name.substring(name.indexOf('.') + 1);
    String model = options.find(TrainOptions.MODEL).orElse(table.replace('_', '-'));
    String promote = options.get(TrainOptions.PROMOTE);
    return Optional.of(
        new DatasetDefinition.Train(
            options.get(TrainOptions.INPUT),
            options.get(TrainOptions.LABEL),
            options.get(TrainOptions.FEATURES),
            options.get(TrainOptions.SPLIT_BY),
            testFraction,
            model,
            options.find(TrainOptions.EXPERIMENT).orElse(model),
            algorithms,
            promote.equalsIgnoreCase("none") ? Optional.empty() : Optional.of(promote),
            TrainOptions.Metric.valueOf(options.get(TrainOptions.METRIC).toUpperCase(Locale.ROOT)),
            options.get(TrainOptions.MAX_REGRESSION),
            options.get(TrainOptions.SEED),
            OptionReader.keyPosition(dataset, "train")));
  }

  private List<DatasetDefinition.TrainAlgorithm> algorithms(YamlMap train, String context) {
    Optional<YamlNode> node = train.get("algorithms");
    if (node.isEmpty()) {
      return List.of(); // OptionReader reported it missing
    }
    if (!(node.get() instanceof YamlSeq seq) || seq.items().isEmpty()) {
      problems.add(
          node.get().position(),
          ErrorCode.WRONG_TYPE,
          "Cannot read the algorithms of "
              + context
              + ": expected a list, got "
              + node.get().kind(),
          "write '- { name: gbt, type: gbt-regression, params: { maxDepth: 6 } }'");
      return List.of();
    }
    List<DatasetDefinition.TrainAlgorithm> result = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlNode item : seq.items()) {
      if (!(item instanceof YamlMap map)) {
        problems.add(
            item.position(),
            ErrorCode.WRONG_TYPE,
            "Cannot read an algorithm of " + context + ": expected a mapping, got " + item.kind(),
            "write '{ name: gbt, type: gbt-regression, params: { maxDepth: 6 } }'");
        continue;
      }
      ResolvedOptions options =
          OptionReader.read(map, TrainOptions.ALGORITHM, "an algorithm of " + context, problems);
      if (!options.contains(TrainOptions.ALGORITHM_NAME)) {
        continue;
      }
      String name = options.get(TrainOptions.ALGORITHM_NAME);
      if (!names.add(name)) {
        problems.add(
            OptionReader.valuePosition(map, "name"),
            ErrorCode.DUPLICATE_KEY,
            "Cannot define algorithm '" + name + "' of " + context + " twice",
            "give each algorithm its own name");
      }
      if (!options.contains(TrainOptions.ALGORITHM_TYPE)) {
        continue;
      }
      result.add(
          new DatasetDefinition.TrainAlgorithm(
              name,
              TrainOptions.Algorithm.valueOf(
                  options
                      .get(TrainOptions.ALGORITHM_TYPE)
                      .toUpperCase(Locale.ROOT)
                      .replace('-', '_')),
              options.find(TrainOptions.ALGORITHM_PARAMS).orElse(Map.of()),
              grid(map, "algorithm '" + name + "' of " + context),
              map.position()));
    }
    return result;
  }

  private Map<String, List<String>> grid(YamlMap algorithm, String what) {
    Optional<YamlMap> section = mapSection(algorithm, "grid");
    Map<String, List<String>> grid = new LinkedHashMap<>();
    if (section.isEmpty()) {
      return grid;
    }
    for (YamlMap.Entry entry : section.get().entries().values()) {
      List<String> values = new ArrayList<>();
      boolean readable = entry.value() instanceof YamlSeq;
      if (entry.value() instanceof YamlSeq seq) {
        for (YamlNode value : seq.items()) {
          Optional<String> text = scalarText(value);
          text.ifPresent(values::add);
          readable &= text.isPresent();
        }
      }
      if (!readable || values.isEmpty()) {
        problems.add(
            entry.value().position(),
            ErrorCode.WRONG_TYPE,
            "Cannot read the grid values of '" + entry.key() + "' for " + what,
            "write a list of values, such as '" + entry.key() + ": [4, 6, 8]'");
        continue;
      }
      grid.put(entry.key(), values);
    }
    return grid;
  }
}
