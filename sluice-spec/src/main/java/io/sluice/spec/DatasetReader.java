package io.sluice.spec;

import io.sluice.spec.yaml.YamlMap;
import io.sluice.spec.yaml.YamlNode;
import io.sluice.spec.yaml.YamlScalar;
import io.sluice.spec.yaml.YamlSeq;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.WriteMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code datasets:}: each one's definition, mode, keys, expectations, scoring and
 * reconciliation.
 */
final class DatasetReader extends SectionReader {
  DatasetReader(Problems problems) {
    super(problems);
  }

  Map<String, DatasetSpec> readDatasets(Optional<YamlMap> section) {
    Map<String, DatasetSpec> result = new LinkedHashMap<>();
    if (section.isEmpty()) {
      return result;
    }
    Set<String> lowerNames = new HashSet<>();
    for (YamlMap.Entry entry : section.get().entries().values()) {
      String name = entry.key();
      String what = "dataset '" + name + "'";
      checkName(
          entry, DATASET_NAME, "dataset", "namespace.table, each part letters, digits and '_'");
      if (!lowerNames.add(name.toLowerCase(Locale.ROOT))) {
        problems.add(
            entry.keyPosition(),
            ErrorCode.DUPLICATE_KEY,
            "Cannot define "
                + what
                + ": table names are case-insensitive and another dataset has the same name",
            "rename one of them");
      }
      Optional<YamlMap> map = entryMap(entry, "dataset", "'from: SOURCE' or 'sql: SELECT ...'");
      if (map.isEmpty()) {
        continue;
      }
      ResolvedOptions options = OptionReader.read(map.get(), FormatOptions.DATASET, what, problems);
      Optional<DatasetDefinition> definition = definition(map.get(), options, name, what);
      List<ExpectationSpec> expectations = readExpectations(map.get(), what);
      FormatOptions.DatasetMode datasetMode =
          FormatOptions.DatasetMode.valueOf(
              options.get(FormatOptions.DATASET_MODE).toUpperCase(Locale.ROOT));
      Optional<StreamTrigger> streaming = streaming(map.get(), options, datasetMode, what);
      boolean training = map.get().entries().containsKey("train");
      WriteMode mode =
          datasetMode == FormatOptions.DatasetMode.STREAMING
                  || (training && !options.contains(FormatOptions.DATASET_MODE))
              ? WriteMode.APPEND // a training dataset keeps the history of its runs by default
              : WriteMode.valueOf(datasetMode.name());
      if (training && datasetMode == FormatOptions.DatasetMode.STREAMING) {
        problems.add(
            OptionReader.valuePosition(map.get(), "mode"),
            ErrorCode.INVALID_VALUE,
            "Cannot train " + what + " in a stream",
            "train in a batch run: remove 'mode: streaming'");
      }
      List<String> keys = options.find(FormatOptions.KEYS).orElse(List.of());
      if (mode == WriteMode.MERGE && keys.isEmpty()) {
        problems.add(
            OptionReader.keyPosition(map.get(), "mode"),
            ErrorCode.MISSING_REQUIRED,
            "Cannot merge " + what + " without key columns",
            "add 'keys: [column, ...]' naming the columns that identify a row");
      }
      definition.ifPresent(
          d ->
              result.put(
                  name,
                  DatasetSpec.builder(name, d, entry.keyPosition())
                      .description(options.find(FormatOptions.DESCRIPTION).orElse(""))
                      .mode(mode)
                      .keys(keys)
                      .partitionBy(options.find(FormatOptions.PARTITION_BY).orElse(List.of()))
                      .expectations(expectations)
                      .helperColumns(options.find(FormatOptions.HELPER_COLUMNS).orElse(List.of()))
                      .metadata(options.get(FormatOptions.METADATA))
                      .streaming(streaming)
                      .keepLast(keepLast(map.get(), options, streaming.isPresent(), keys, what))
                      .reconcile(
                          reconcile(map.get(), what, FormatOptions.DATASET_RECONCILE_SECTION))
                      .overwritePartitions(overwritePartitions(map.get(), options, mode, what))
                      .build()));
    }
    return result;
  }

  /** Reads {@code overwrite}, which only a partitioned dataset in mode overwrite may set. */
  boolean overwritePartitions(YamlMap map, ResolvedOptions options, WriteMode mode, String what) {
    boolean partitions =
        FormatOptions.OverwriteScope.valueOf(
                options.get(FormatOptions.OVERWRITE).toUpperCase(Locale.ROOT))
            == FormatOptions.OverwriteScope.PARTITIONS;
    if (partitions
        && (mode != WriteMode.OVERWRITE
            || options.find(FormatOptions.PARTITION_BY).orElse(List.of()).isEmpty())) {
      problems.add(
          OptionReader.keyPosition(map, "overwrite"),
          ErrorCode.INVALID_VALUE,
          "Cannot overwrite the partitions of "
              + what
              + ": only a dataset with 'partition_by' in mode overwrite has partitions to replace",
          "add 'partition_by: [days(column)]', or remove 'overwrite: partitions'");
    }
    return partitions;
  }

  /** Reads {@code keep}, which only a streaming dataset with keys may set. */
  boolean keepLast(
      YamlMap map, ResolvedOptions options, boolean streaming, List<String> keys, String what) {
    if (options.contains(FormatOptions.KEEP) && (!streaming || keys.isEmpty())) {
      problems.add(
          OptionReader.keyPosition(map, "keep"),
          ErrorCode.INVALID_VALUE,
          "Cannot use 'keep' on " + what + ": it says which row of a key a streaming dataset keeps",
          streaming ? "add 'keys: [column, ...]', or remove 'keep'" : "remove 'keep'");
    }
    return FormatOptions.KeepRow.valueOf(options.get(FormatOptions.KEEP).toUpperCase(Locale.ROOT))
        == FormatOptions.KeepRow.LAST;
  }

  Optional<StreamTrigger> streaming(
      YamlMap map, ResolvedOptions options, FormatOptions.DatasetMode mode, String what) {
    boolean streaming = mode == FormatOptions.DatasetMode.STREAMING;
    if (!streaming) {
      if (options.contains(FormatOptions.TRIGGER)) {
        problems.add(
            OptionReader.keyPosition(map, "trigger"),
            ErrorCode.INVALID_VALUE,
            "Cannot use 'trigger' on " + what + ": it is not a streaming dataset",
            "add 'mode: streaming', or remove 'trigger'");
      }
      return Optional.empty();
    }
    if (options.contains(FormatOptions.SQL) || map.entries().containsKey("score")) {
      if (options.contains(FormatOptions.TRIGGER)) {
        problems.add(
            OptionReader.keyPosition(map, "trigger"),
            ErrorCode.INVALID_VALUE,
            "Cannot use 'trigger' on "
                + what
                + ": it is computed from each micro-batch of the streaming dataset it reads",
            "set the trigger on that dataset (the one read 'from:' a streaming source)");
      }
      // computed in the micro-batches of its streaming upstream; the planner checks there is one
      return Optional.of(StreamTrigger.availableNowTrigger());
    }
    String text = options.get(FormatOptions.TRIGGER);
    Optional<StreamTrigger> trigger = StreamTrigger.parse(text);
    if (trigger.isEmpty()) {
      problems.add(
          OptionReader.valuePosition(map, "trigger"),
          ErrorCode.INVALID_VALUE,
          "Cannot use trigger '" + text + "' for " + what,
          "use an interval such as '5 seconds' or '1 minute', or 'available-now'");
    }
    return trigger;
  }

  Optional<DatasetDefinition> definition(
      YamlMap map, ResolvedOptions options, String name, String what) {
    boolean hasFrom = options.contains(FormatOptions.FROM);
    boolean hasSql = options.contains(FormatOptions.SQL);
    boolean hasScore = map.entries().containsKey("score");
    boolean hasTrain = map.entries().containsKey("train");
    if (hasTrain && (hasFrom || hasSql || hasScore)) {
      problems.add(
          OptionReader.keyPosition(map, "train"),
          ErrorCode.INVALID_VALUE,
          "Cannot define " + what + " by 'train' and also 'from', 'sql' or 'score'",
          "a training dataset names its rows with 'train: { input: DATASET, ... }'");
      return Optional.empty();
    }
    if (hasTrain) {
      return new TrainReader(problems).train(map, name, what);
    }
    if (hasScore && (hasFrom || hasSql)) {
      problems.add(
          OptionReader.keyPosition(map, "score"),
          ErrorCode.INVALID_VALUE,
          "Cannot define " + what + " by 'score' and also 'from' or 'sql'",
          "a scored dataset names its rows with 'score: { input: DATASET, ... }'");
      return Optional.empty();
    }
    if (hasScore) {
      return score(map, what);
    }
    if (hasFrom && hasSql) {
      problems.add(
          OptionReader.keyPosition(map, "sql"),
          ErrorCode.INVALID_VALUE,
          "Cannot define " + what + " by both 'from' and 'sql'",
          "keep one: 'from' copies a source, 'sql' computes from other datasets");
      return Optional.empty();
    }
    if (hasFrom) {
      return Optional.of(
          new DatasetDefinition.FromSource(
              options.get(FormatOptions.FROM), map.get("from").orElseThrow().position()));
    }
    if (hasSql) {
      YamlScalar node = (YamlScalar) map.get("sql").orElseThrow();
      String sql = options.get(FormatOptions.SQL);
      FormatOptions.SqlDialect dialect =
          FormatOptions.SqlDialect.valueOf(
              options.get(FormatOptions.DIALECT).toUpperCase(Locale.ROOT));
      return Optional.of(new DatasetDefinition.SqlQuery(sql, node, dialect, sql));
    }
    if (!map.entries().containsKey("from") && !map.entries().containsKey("sql")) {
      problems.add(
          map.position(),
          ErrorCode.MISSING_REQUIRED,
          "Cannot define " + what + ": it needs 'from', 'sql', 'score' or 'train'",
          "add 'from: SOURCE' to copy a source, or 'sql: SELECT ... FROM other.dataset'");
    }
    return Optional.empty();
  }

  Optional<DatasetDefinition> score(YamlMap map, String what) {
    Optional<YamlMap> section = mapSection(map, "score");
    if (section.isEmpty()) {
      return Optional.empty();
    }
    Problems local = new Problems();
    ResolvedOptions score =
        OptionReader.read(
            section.get(), FormatOptions.SCORE_SECTION, "the score of " + what, local);
    local.sorted().forEach(problems::add);
    if (!local.isEmpty()) {
      return Optional.empty();
    }
    String device = score.get(FormatOptions.SCORE_DEVICE).toLowerCase(Locale.ROOT);
    if (!device.equals("cpu") && !device.equals("cuda")) {
      problems.add(
          OptionReader.valuePosition(section.get(), "device"),
          ErrorCode.INVALID_VALUE,
          "Cannot use device '" + device + "' for the score of " + what,
          "use cpu or cuda");
      return Optional.empty();
    }
    String model = score.get(FormatOptions.SCORE_MODEL);
    boolean registry = model.startsWith(DatasetDefinition.Score.REGISTRY);
    if (registry && !model.matches("models:/[A-Za-z0-9_.-]+(@[A-Za-z0-9_-]+|/[0-9]+)")) {
      problems.add(
          OptionReader.valuePosition(section.get(), "model"),
          ErrorCode.INVALID_VALUE,
          "Cannot read model '" + model + "' for the score of " + what,
          "name a registry model as models:/NAME@ALIAS (models:/taxi-fare@champion) or"
              + " models:/NAME/VERSION");
      return Optional.empty();
    }
    if (!registry && !score.contains(FormatOptions.SCORE_TEXT)) {
      problems.add(
          section.get().position(),
          ErrorCode.MISSING_REQUIRED,
          "Cannot score " + what + " with an ONNX text model without 'text'",
          "add 'text: COLUMN', the column holding the text");
      return Optional.empty();
    }
    return Optional.of(
        new DatasetDefinition.Score(
            score.get(FormatOptions.SCORE_INPUT),
            score.find(FormatOptions.SCORE_TEXT).orElse(""),
            model,
            registry
                ? FormatOptions.ModelTask.PREDICTION
                : FormatOptions.ModelTask.valueOf(
                    score.get(FormatOptions.SCORE_TASK).toUpperCase(Locale.ROOT).replace('-', '_')),
            score.find(FormatOptions.SCORE_POSITIVE_LABEL),
            score.get(FormatOptions.SCORE_BATCH_SIZE),
            score.get(FormatOptions.SCORE_THREADS),
            score.get(FormatOptions.SCORE_MAX_LENGTH),
            device.equals("cuda"),
            OptionReader.keyPosition(map, "score"),
            OptionReader.valuePosition(section.get(), "model")));
  }

  List<ExpectationSpec> readExpectations(YamlMap map, String what) {
    Optional<YamlNode> node = map.get("expect");
    if (node.isEmpty()) {
      return List.of();
    }
    if (!(node.get() instanceof YamlSeq seq)) {
      problems.add(
          node.get().position(),
          ErrorCode.WRONG_TYPE,
          "Cannot read 'expect' of " + what + ": expected a list, got " + node.get().kind(),
          "write '- { name: not_null_id, check: \"id IS NOT NULL\", on_fail: quarantine }'");
      return List.of();
    }
    List<ExpectationSpec> result = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (YamlNode item : seq.items()) {
      if (!(item instanceof YamlMap check)) {
        problems.add(
            item.position(),
            ErrorCode.WRONG_TYPE,
            "Cannot read an expectation of " + what + ": expected a mapping, got " + item.kind(),
            "write '{ name: ..., check: ..., on_fail: warn|drop|quarantine|fail }'");
        continue;
      }
      ResolvedOptions options =
          OptionReader.read(
              check, FormatOptions.EXPECTATION, "an expectation of " + what, problems);
      if (!options.contains(FormatOptions.CHECK_NAME) || !options.contains(FormatOptions.CHECK)) {
        continue;
      }
      String name = options.get(FormatOptions.CHECK_NAME);
      if (!names.add(name)) {
        problems.add(
            check.position(),
            ErrorCode.DUPLICATE_KEY,
            "Cannot define expectation '" + name + "' of " + what + " twice",
            "give each check its own name");
      }
      OnFail onFail = OnFail.valueOf(options.get(FormatOptions.ON_FAIL).toUpperCase(Locale.ROOT));
      result.add(
          new ExpectationSpec(name, options.get(FormatOptions.CHECK), onFail, check.position()));
    }
    long counted = result.stream().filter(c -> c.onFail() != OnFail.FAIL).count();
    if (counted > ExpectationSpec.MAX_COUNTED) {
      problems.add(
          seq.position(),
          ErrorCode.INVALID_VALUE,
          "Cannot check "
              + what
              + " with "
              + counted
              + " expectations that warn, drop or quarantine: at most "
              + ExpectationSpec.MAX_COUNTED
              + " are supported",
          "combine related checks into one (check: \"a AND b\")");
    }
    return result;
  }
}
