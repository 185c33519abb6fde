package io.sluice.core.plan;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.SqlAnalyzer;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.DatasetSpec;
import io.sluice.spec.ExpectationSpec;
import io.sluice.spec.FormatOptions;
import io.sluice.spec.OptionReader;
import io.sluice.spec.PipelineSpec;
import io.sluice.spec.Problems;
import io.sluice.spec.SinkSpec;
import io.sluice.spec.SourceSpec;
import io.sluice.spec.yaml.Position;
import io.sluice.spec.yaml.YamlMap;
import io.sluice.spi.Capability;
import io.sluice.spi.ConnectorFactory;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.OptionProblem;
import io.sluice.spi.ResolvedOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a {@link PipelineSpec} into a {@link Plan}: checks connector types and options, parses
 * every SQL text, resolves references, orders the graph and rejects cycles. All problems are
 * reported at once. {@code sluice validate}, {@code plan} and {@code run} all go through here.
 */
public final class Planner {
  private final ConnectorRegistry registry;
  private final SqlAnalyzer analyzer;

  /** Datasets whose SQL was written in another dialect, with the Spark translation in place. */
  private final Map<String, DatasetSpec> translated = new LinkedHashMap<>();

  private final Problems problems;

  private Planner(ConnectorRegistry registry, SqlAnalyzer analyzer, Problems problems) {
    this.registry = registry;
    this.analyzer = analyzer;
    this.problems = problems;
  }

  /**
   * Plans {@code spec}; throws {@link io.sluice.spec.ValidationException} listing every problem.
   */
  public static Plan plan(PipelineSpec spec, ConnectorRegistry registry, SqlAnalyzer analyzer) {
    return plan(spec, registry, analyzer, new Problems());
  }

  /**
   * Plans {@code spec}, adding to the problems the loader already found, and throws if there are
   * any: one report for the whole file.
   */
  public static Plan plan(
      PipelineSpec spec, ConnectorRegistry registry, SqlAnalyzer analyzer, Problems problems) {
    return new Planner(registry, analyzer, problems).build(spec);
  }

  /** Loads and plans a file in one pass, reporting the problems of every stage together. */
  public static Plan load(
      java.nio.file.Path file,
      io.sluice.spec.LoadRequest request,
      ConnectorRegistry registry,
      SqlAnalyzer analyzer) {
    Problems problems = new Problems();
    Optional<PipelineSpec> spec = io.sluice.spec.PipelineLoader.load(file, request, problems);
    if (spec.isEmpty()) {
      problems.throwIfAny();
    }
    return plan(spec.orElseThrow(), registry, analyzer, problems);
  }

  /** A streaming {@code sql:} or {@code score:} dataset reads exactly one streaming dataset. */
  private void checkStreamUpstream(
      DatasetSpec dataset, List<String> reads, Map<String, DatasetSpec> byLowerName) {
    List<String> streams =
        reads.stream()
            .filter(
                r -> {
                  DatasetSpec read = byLowerName.get(r.toLowerCase(Locale.ROOT));
                  return read != null && read.streaming().isPresent();
                })
            .toList();
    if (streams.size() != 1) {
      problems.add(
          dataset.position(),
          ErrorCode.INVALID_VALUE,
          "Cannot stream dataset '"
              + dataset.name()
              + "': it "
              + (streams.isEmpty()
                  ? "reads no streaming dataset"
                  : "reads " + streams.size() + " streaming datasets " + streams),
          "a streaming 'sql:' or 'score:' dataset is computed from the micro-batches of exactly"
              + " one streaming dataset (it may also read batch tables); "
              + (streams.isEmpty() ? "remove 'mode: streaming'" : "join the streams in batch"));
    }
  }

  private Plan build(PipelineSpec spec) {
    Map<String, PlannedSource> sources = new LinkedHashMap<>();
    spec.sources()
        .values()
        .forEach(source -> source(source).ifPresent(p -> sources.put(source.name(), p)));

    Map<String, DatasetSpec> byLowerName = new LinkedHashMap<>();
    spec.datasets().values().forEach(d -> byLowerName.put(d.name().toLowerCase(Locale.ROOT), d));

    Map<String, List<String>> upstream = new LinkedHashMap<>();
    for (DatasetSpec dataset : spec.datasets().values()) {
      List<String> reads = new ArrayList<>(dependencies(dataset, spec, byLowerName));
      dataset
          .reconcile()
          .flatMap(io.sluice.spec.ReconcileSpec::with)
          .ifPresent(
              other -> {
                DatasetSpec compared = byLowerName.get(other.toLowerCase(Locale.ROOT));
                if (compared == null || compared.name().equals(dataset.name())) {
                  problems.add(
                      dataset.position(),
                      ErrorCode.UNDEFINED_REFERENCE,
                      "Cannot reconcile dataset '"
                          + dataset.name()
                          + "' with '"
                          + other
                          + "': "
                          + (compared == null ? "no dataset has that name" : "it is itself"),
                      OptionReader.suggestion(other, spec.datasets().keySet())
                          + "defined datasets: "
                          + String.join(", ", spec.datasets().keySet()));
                } else if (!reads.contains(compared.name())) {
                  reads.add(compared.name()); // compared after both are written
                }
              });
      upstream.put(dataset.name(), List.copyOf(reads));
      if (dataset.streamDerived()) {
        checkStreamUpstream(dataset, reads, byLowerName);
      }
      dataset.expectations().forEach(this::checkExpectation);
      if (dataset.streaming().isPresent()
          && dataset.definition() instanceof DatasetDefinition.FromSource from
          && sources.get(from.source()) != null
          && !sources
              .get(from.source())
              .factory()
              .capabilities()
              .contains(Capability.STREAMING_SOURCE)) {
        PlannedSource source = sources.get(from.source());
        problems.add(
            dataset.position(),
            ErrorCode.INVALID_VALUE,
            "Cannot stream dataset '"
                + dataset.name()
                + "': source '"
                + from.source()
                + "' (type "
                + source.spec().type()
                + ") cannot be read as a stream",
            "streaming sources: "
                + registry.all().stream()
                    .filter(f -> f.capabilities().contains(Capability.STREAMING_SOURCE))
                    .map(ConnectorFactory::id)
                    .sorted()
                    .toList()
                + "; or remove 'mode: streaming'");
      }
      if (!dataset.helperColumns().isEmpty()
          && dataset.definition() instanceof DatasetDefinition.FromSource) {
        problems.add(
            dataset.position(),
            ErrorCode.INVALID_VALUE,
            "Cannot use 'helper_columns' on dataset '"
                + dataset.name()
                + "': it is defined by 'from'",
            "helper columns are computed by 'sql:'; remove the key");
      }
    }
    List<PlannedSink> sinks = new ArrayList<>();
    for (SinkSpec sink : spec.sinks().values()) {
      if (!byLowerName.containsKey(sink.from().toLowerCase(Locale.ROOT))) {
        problems.add(
            sink.fromPosition(),
            ErrorCode.UNDEFINED_REFERENCE,
            "Cannot write sink '"
                + sink.name()
                + "' from dataset '"
                + sink.from()
                + "': no such dataset",
            OptionReader.suggestion(sink.from(), spec.datasets().keySet())
                + "defined datasets: "
                + String.join(", ", spec.datasets().keySet()));
      }
      sink(sink).ifPresent(sinks::add);
    }
    ClusterKafkaCheck.check(spec, sources.values(), sinks, problems);
    List<String> order = order(spec, upstream);
    problems.throwIfAny();

    List<PlannedDataset> datasets = new ArrayList<>();
    for (String name : order) {
      DatasetSpec dataset = translated.getOrDefault(name, spec.datasets().get(name));
      PlannedSource source =
          dataset.definition() instanceof DatasetDefinition.FromSource from
              ? sources.get(from.source())
              : null;
      datasets.add(new PlannedDataset(dataset, upstream.get(name), source));
    }
    List<PlannedSource> services = new ArrayList<>();
    spec.services().values().forEach(service -> service(service).ifPresent(services::add));
    List<PlannedSource> sensors = new ArrayList<>();
    spec.sensors().values().forEach(sensor -> sensor(sensor).ifPresent(sensors::add));
    new DashboardChecks(analyzer, problems).check(spec);
    problems.throwIfAny();
    return new Plan(spec, datasets, sinks, services, sensors);
  }

  // ------------------------------------------------------------------ connectors

  private Optional<PlannedSource> source(SourceSpec source) {
    String what = "source '" + source.name() + "'";
    Optional<ConnectorFactory> factory =
        connector(source.type(), source.typePosition(), what, Capability.BATCH_SOURCE);
    if (factory.isEmpty()) {
      return Optional.empty();
    }
    Optional<ResolvedOptions> resolved =
        read(
            source.options(),
            FormatOptions.SOURCE_COMMON,
            factory.get().sourceOptions(),
            what + " (type " + source.type() + ")");
    resolved.ifPresent(
        r -> report(factory.get().source().validateSource(r), source.options(), what));
    return resolved.map(r -> new PlannedSource(source, factory.get(), r));
  }

  private Optional<PlannedSource> service(SourceSpec service) {
    String what = "service '" + service.name() + "'";
    Optional<ConnectorFactory> factory =
        connector(service.type(), service.typePosition(), what, Capability.SERVICE);
    if (factory.isEmpty()) {
      return Optional.empty();
    }
    return read(
            service.options(),
            FormatOptions.SOURCE_COMMON,
            factory.get().serviceOptions(),
            what + " (type " + service.type() + ")")
        .map(r -> new PlannedSource(service, factory.get(), r));
  }

  private Optional<PlannedSource> sensor(SourceSpec sensor) {
    String what = "sensor '" + sensor.name() + "'";
    Optional<ConnectorFactory> factory =
        connector(sensor.type(), sensor.typePosition(), what, Capability.SENSOR);
    if (factory.isEmpty()) {
      return Optional.empty();
    }
    Optional<ResolvedOptions> resolved =
        read(
            sensor.options(),
            FormatOptions.SENSOR_COMMON,
            factory.get().sensorOptions(),
            what + " (type " + sensor.type() + ")");
    return resolved.map(r -> new PlannedSource(sensor, factory.get(), r));
  }

  /**
   * The {@code common} and connector's {@code own} options of an entry, each problem reported;
   * empty when there was one.
   */
  private Optional<ResolvedOptions> read(
      io.sluice.spec.yaml.YamlMap entry, List<Option<?>> common, List<Option<?>> own, String what) {
    List<Option<?>> options = new ArrayList<>(common);
    options.addAll(own);
    Problems local = new Problems();
    ResolvedOptions resolved = OptionReader.read(entry, options, what, local);
    local.sorted().forEach(problems::add);
    return local.isEmpty() ? Optional.of(resolved) : Optional.empty();
  }

  private Optional<PlannedSink> sink(SinkSpec sink) {
    String what = "sink '" + sink.name() + "'";
    Optional<ConnectorFactory> factory =
        connector(sink.type(), sink.typePosition(), what, Capability.BATCH_SINK);
    if (factory.isEmpty()) {
      return Optional.empty();
    }
    Optional<ResolvedOptions> resolved =
        read(
            sink.options(),
            FormatOptions.SINK_COMMON,
            factory.get().sinkOptions(),
            what + " (type " + sink.type() + ")");
    resolved.ifPresent(r -> report(factory.get().sink().validateSink(r), sink.options(), what));
    return resolved.map(r -> new PlannedSink(sink, factory.get(), r));
  }

  private Optional<ConnectorFactory> connector(
      String type, Position position, String what, Capability needed) {
    Optional<ConnectorFactory> factory = registry.find(type);
    if (factory.isEmpty()) {
      Set<String> known =
          registry.all().stream()
              .filter(f -> f.capabilities().contains(needed))
              .map(ConnectorFactory::id)
              .collect(Collectors.toCollection(java.util.TreeSet::new));
      problems.add(
          position,
          ErrorCode.UNKNOWN_CONNECTOR,
          "Cannot create " + what + ": unknown connector type '" + type + "'",
          type.equals("report") && needed == Capability.BATCH_SINK
              ? "the report sink became dashboards: declare the charts under 'dashboards:' with"
                  + " 'export: FOLDER' (docs/pipeline-files.md#dashboards); known types: "
                  + String.join(", ", known)
              : OptionReader.suggestion(type, known) + "known types: " + String.join(", ", known));
      return Optional.empty();
    }
    if (!factory.get().capabilities().contains(needed)) {
      problems.add(
          position,
          ErrorCode.UNKNOWN_CONNECTOR,
          "Cannot use connector '"
              + type
              + "' for "
              + what
              + ": it does not provide "
              + needed.name().toLowerCase(Locale.ROOT).replace('_', ' '),
          "connector '" + type + "' provides " + factory.get().capabilities());
      return Optional.empty();
    }
    return factory;
  }

  private void report(List<OptionProblem> found, YamlMap options, String what) {
    for (OptionProblem problem : found) {
      Position position =
          options.get(problem.key()).map(n -> n.position()).orElse(options.position());
      problems.add(
          position,
          problem.code(),
          "Cannot configure " + what + ": " + problem.message(),
          problem.hint());
    }
  }

  // ------------------------------------------------------------------ datasets and SQL

  /** The dataset a score or a training reads, or a problem naming what exists. */
  private java.util.Optional<String> upstream(
      DatasetSpec dataset,
      String input,
      io.sluice.spec.yaml.Position position,
      String verb,
      PipelineSpec spec,
      Map<String, DatasetSpec> byLowerName) {
    DatasetSpec upstream = byLowerName.get(input.toLowerCase(Locale.ROOT));
    if (upstream == null) {
      problems.add(
          position,
          ErrorCode.UNDEFINED_REFERENCE,
          "Cannot "
              + verb
              + " dataset '"
              + dataset.name()
              + "' from '"
              + input
              + "': no dataset has that name",
          OptionReader.suggestion(input, spec.datasets().keySet())
              + "defined datasets: "
              + String.join(", ", spec.datasets().keySet()));
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(upstream.name());
  }

  private List<String> dependencies(
      DatasetSpec dataset, PipelineSpec spec, Map<String, DatasetSpec> byLowerName) {
    Set<String> result = new LinkedHashSet<>();
    if (dataset.definition() instanceof DatasetDefinition.FromSource from) {
      DatasetSpec upstream = byLowerName.get(from.source().toLowerCase(Locale.ROOT));
      if (spec.sources().containsKey(from.source())) {
        return List.of();
      } else if (upstream != null) {
        result.add(upstream.name());
      } else {
        Set<String> known = new java.util.TreeSet<>(spec.sources().keySet());
        known.addAll(spec.datasets().keySet());
        problems.add(
            from.position(),
            ErrorCode.UNDEFINED_REFERENCE,
            "Cannot read dataset '"
                + dataset.name()
                + "' from '"
                + from.source()
                + "': no source or dataset has that name",
            OptionReader.suggestion(from.source(), known)
                + "defined sources and datasets: "
                + String.join(", ", known));
      }
    } else if (dataset.definition() instanceof DatasetDefinition.Train train) {
      upstream(dataset, train.input(), train.position(), "train", spec, byLowerName)
          .ifPresent(result::add);
    } else if (dataset.definition() instanceof DatasetDefinition.Score score) {
      upstream(dataset, score.input(), score.position(), "score", spec, byLowerName)
          .ifPresent(result::add);
      if (score.registryModel()) {
        // resolved in the registry when the step runs: after this pipeline's training of it
        String model = score.model().substring(DatasetDefinition.Score.REGISTRY.length());
        String name = model.split("[@/]", 2)[0];
        spec.datasets().values().stream()
            .filter(
                d -> d.definition() instanceof DatasetDefinition.Train t && t.model().equals(name))
            .forEach(d -> result.add(d.name()));
        return List.copyOf(result);
      }
      if (score.model().matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
        return List.copyOf(result); // on a lake's filesystem (s3a://, hdfs://): read when it runs
      }
      java.nio.file.Path folder = java.nio.file.Path.of(score.model());
      for (String file :
          score.task() == io.sluice.spec.FormatOptions.ModelTask.TEXT_CLASSIFICATION
              ? List.of("model.onnx", "tokenizer.json", "config.json")
              : List.of("model.onnx", "tokenizer.json")) {
        if (!java.nio.file.Files.isRegularFile(folder.resolve(file))) {
          problems.add(
              score.modelPosition(),
              ErrorCode.FILE_NOT_FOUND,
              "Cannot use model '"
                  + score.model()
                  + "' for dataset '"
                  + dataset.name()
                  + "': "
                  + folder.toAbsolutePath().resolve(file)
                  + " does not exist",
              "a model folder holds model.onnx, tokenizer.json and config.json (Hugging Face"
                  + " Optimum's ONNX export, or `sluice model train`)");
          break;
        }
      }
    } else if (dataset.definition() instanceof DatasetDefinition.SqlQuery written) {
      DatasetDefinition.SqlQuery query = written;
      if (written.translated()) {
        String dialect = written.dialect().name().toLowerCase(Locale.ROOT);
        try {
          query = written.withSpark(analyzer.toSpark(dialect, written.written()));
          translated.put(dataset.name(), dataset.withDefinition(query));
        } catch (SqlAnalyzer.SqlSyntaxError e) {
          problems.add(
              written.node().positionOf(e.line(), e.column()),
              ErrorCode.UNSUPPORTED_SQL,
              "Cannot translate the "
                  + dialect
                  + " SQL of dataset '"
                  + dataset.name()
                  + "': "
                  + e.getMessage(),
              "`sluice sql translate --dialect "
                  + dialect
                  + " \"QUERY\"` shows the translation; docs/sql-dialects.md lists what is"
                  + " supported");
          return List.copyOf(result);
        }
      }
      try {
        for (SqlAnalyzer.TableReference reference : analyzer.references(query.sql())) {
          List<String> table = reference.name();
          io.sluice.spec.yaml.Position at =
              query.translated()
                  ? query.node().position()
                  : query.node().positionOf(reference.line(), reference.column());
          String name = resolve(table);
          DatasetSpec upstream = byLowerName.get(name.toLowerCase(Locale.ROOT));
          if (upstream == null) {
            problems.add(
                at,
                ErrorCode.UNDEFINED_REFERENCE,
                "Cannot resolve table '"
                    + String.join(".", table)
                    + "' in the SQL of dataset '"
                    + dataset.name()
                    + "': no dataset has that name",
                OptionReader.suggestion(name, spec.datasets().keySet())
                    + "defined datasets: "
                    + String.join(", ", spec.datasets().keySet()));
          } else if (upstream.name().equals(dataset.name())) {
            problems.add(
                at,
                ErrorCode.CYCLE,
                "Cannot define dataset '" + dataset.name() + "' by SQL that reads itself",
                "read the previous version through another dataset, or use mode: merge");
          } else {
            result.add(upstream.name());
          }
        }
      } catch (SqlAnalyzer.SqlSyntaxError e) {
        problems.add(
            query.translated()
                ? query.node().position()
                : query.node().positionOf(e.line(), e.column()),
            ErrorCode.SQL_SYNTAX,
            "Cannot parse the "
                + (query.translated() ? "translated " : "")
                + "SQL of dataset '"
                + dataset.name()
                + "': "
                + e.getMessage()
                + (query.translated() ? "\n" + query.sql() : ""),
            "the SQL is Spark SQL; check the text near this position");
      }
    }
    return List.copyOf(result);
  }

  private static String resolve(List<String> parts) {
    if (parts.size() >= 3) {
      return parts.get(parts.size() - 2) + "." + parts.get(parts.size() - 1);
    }
    return parts.size() == 2 ? parts.get(0) + "." + parts.get(1) : parts.get(0);
  }

  private void checkExpectation(ExpectationSpec expectation) {
    analyzer
        .checkExpression(expectation.check())
        .ifPresent(
            error ->
                problems.add(
                    expectation.position(),
                    ErrorCode.SQL_SYNTAX,
                    "Cannot parse check '"
                        + expectation.name()
                        + "' ("
                        + expectation.check()
                        + "): "
                        + error.getMessage(),
                    "a check is a SQL boolean expression over one row, such as 'latitude BETWEEN -90 AND 90'"));
  }

  /** Orders datasets so that each comes after what it reads; reports each cycle once. */
  private List<String> order(PipelineSpec spec, Map<String, List<String>> upstream) {
    List<String> order = new ArrayList<>();
    Map<String, Integer> state = new LinkedHashMap<>();
    for (String name : upstream.keySet()) {
      visit(name, upstream, state, order, new ArrayList<>(), spec);
    }
    return order;
  }

  private void visit(
      String name,
      Map<String, List<String>> upstream,
      Map<String, Integer> state,
      List<String> order,
      List<String> path,
      PipelineSpec spec) {
    Integer current = state.get(name);
    if (current != null && current == 2) {
      return;
    }
    if (current != null && current == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      cycle.add(name);
      problems.add(
          spec.datasets().get(name).position(),
          ErrorCode.CYCLE,
          "Cannot order datasets: they depend on each other in a cycle: "
              + String.join(" -> ", cycle),
          "break the cycle: a dataset cannot read, directly or indirectly, a dataset that reads it");
      return;
    }
    state.put(name, 1);
    path.add(name);
    for (String dependency : upstream.getOrDefault(name, List.of())) {
      visit(dependency, upstream, state, order, path, spec);
    }
    path.remove(path.size() - 1);
    state.put(name, 2);
    order.add(name);
  }
}
