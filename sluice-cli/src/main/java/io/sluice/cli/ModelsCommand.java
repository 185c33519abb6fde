package io.sluice.cli;

import io.sluice.core.store.ExperimentRun;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.ModelRegistry;
import io.sluice.core.store.ModelVersion;
import io.sluice.core.store.RunStore;
import io.sluice.spec.FormatOptions;
import io.sluice.spec.LoadRequest;
import io.sluice.spec.PipelineLoader;
import io.sluice.spec.TrainOptions;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice models list|show|promote}: the model registry and its experiment runs. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description =
        "The model registry: versions trained by train: datasets, their metrics and aliases.",
    subcommands = {
      ModelsCommand.ListModels.class,
      ModelsCommand.Show.class,
      ModelsCommand.Promote.class,
      ModelsCommand.Reproduce.class
    })
final class ModelsCommand implements Runnable {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
          .withZone(ZoneId.systemDefault());

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "Say which: sluice models list | show NAME | promote NAME VERSION");
  }

  /** Which run store: a pipeline file's, or a URL. */
  static final class Store {
    @Option(
        names = {"-f", "--file"},
        paramLabel = "FILE",
        description = "A pipeline file: use its run store.")
    Path file;

    @Option(
        names = "--store",
        description = "Run store JDBC URL (default: the file's, else ${DEFAULT-VALUE}).")
    String store = FormatOptions.RUN_STORE.defaultValue().orElseThrow();

    RunStore open() {
      String url =
          file == null
              ? store
              : PipelineLoader.load(file, LoadRequest.defaults()).settings().runStore();
      return JdbcRunStore.open(url);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the models.")
  static final class ListModels implements Callable<Integer> {
    @Mixin Store store;

    @Override
    public Integer call() {
      try (RunStore runs = store.open()) {
        ModelRegistry registry = runs.models();
        List<String> models = registry.models();
        if (models.isEmpty()) {
          System.out.println("No models yet: a pipeline's train: dataset registers them.");
          return Main.OK;
        }
        System.out.printf(
            "%-24s %8s  %-28s %-12s %10s%n", "MODEL", "VERSIONS", "ALIASES", "LATEST", "RMSE");
        for (String model : models) {
          List<ModelVersion> versions = registry.versions(model);
          ModelVersion latest = versions.get(0);
          String aliases =
              String.join(
                  ", ",
                  versions.stream()
                      .flatMap(v -> v.aliases().stream().map(a -> a + "=v" + v.version()))
                      .toList());
          System.out.printf(
              Locale.ROOT,
              "%-24s %8d  %-28s %-12s %10s%n",
              model,
              versions.size(),
              aliases.isEmpty() ? "-" : aliases,
              "v" + latest.version() + " " + latest.training().algorithm(),
              metric(latest.training().metrics(), "rmse"));
        }
      }
      return Main.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a model's versions, or one version's training run in full.")
  static final class Show implements Callable<Integer> {
    @Mixin Store store;

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    String model;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "VERSION",
        description = "A version number or an alias (champion).")
    String version;

    @Override
    public Integer call() {
      try (RunStore runs = store.open()) {
        ModelRegistry registry = runs.models();
        List<ModelVersion> versions = registry.versions(model);
        if (versions.isEmpty()) {
          throw unknownModel(model, registry);
        }
        if (version != null) {
          print(find(registry, model, version));
          return Main.OK;
        }
        System.out.printf(
            "%-8s %-14s %-24s %10s %10s %8s  %-19s %s%n",
            "VERSION", "ALGORITHM", "ALIASES", "RMSE", "MAE", "R2", "TRAINED", "RUN");
        for (ModelVersion v : versions) {
          Map<String, Double> m = v.training().metrics();
          System.out.printf(
              Locale.ROOT,
              "%-8s %-14s %-24s %10s %10s %8s  %-19s %s%n",
              "v" + v.version(),
              v.training().algorithm(),
              v.aliases().isEmpty() ? "-" : String.join(", ", v.aliases()),
              metric(m, "rmse"),
              metric(m, "mae"),
              metric(m, "r2"),
              TIME.format(v.createdAt()),
              v.training().runId());
        }
      }
      return Main.OK;
    }

    private static void print(ModelVersion v) {
      ExperimentRun run = v.training();
      System.out.printf("%s v%d  %s%n", v.model(), v.version(), v.uri());
      System.out.printf(
          "  aliases:     %s%n", v.aliases().isEmpty() ? "-" : String.join(", ", v.aliases()));
      System.out.printf("  experiment:  %s%n", run.experiment());
      System.out.printf(
          "  trained by:  run %s, dataset %s, algorithm %s%n",
          run.runId(), run.dataset(), run.algorithm());
      System.out.printf("  trained at:  %s%n", TIME.format(run.startedAt()));
      System.out.printf("  pipeline:    %s%n", run.pipelineVersion());
      System.out.printf("  artifact:    %s%n", run.artifact());
      System.out.println("  data:");
      run.snapshots()
          .forEach((table, id) -> System.out.printf("    %s @ snapshot %d%n", table, id));
      System.out.println("  metrics:");
      run.metrics()
          .forEach((k, val) -> System.out.printf(Locale.ROOT, "    %-22s %s%n", k, number(val)));
      System.out.println("  parameters:");
      run.params().forEach((k, val) -> System.out.printf("    %-22s %s%n", k, val));
      System.out.println("  feature importances:");
      run.importances().entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .forEach(
              e -> System.out.printf(Locale.ROOT, "    %-22s %.4f%n", e.getKey(), e.getValue()));
    }
  }

  @Command(
      name = "promote",
      mixinStandardHelpOptions = true,
      description =
          "Point an alias (champion) at a version; refused when the version's test metric is"
              + " worse than the alias's current version's, unless --force.")
  static final class Promote implements Callable<Integer> {
    @Mixin Store store;

    @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The version number.")
    int version;

    @Option(names = "--alias", description = "The alias (default: ${DEFAULT-VALUE}).")
    String alias = "champion";

    @Option(
        names = "--metric",
        description =
            "rmse, mae or r2: the recorded test metric compared (default: ${DEFAULT-VALUE}).")
    String metric = "rmse";

    @Option(
        names = "--max-regression",
        description =
            "How much worse than the current version (a fraction: 0.05 = 5%%) is still promoted"
                + " (default: ${DEFAULT-VALUE}).")
    double maxRegression = 0.0;

    @Option(names = "--force", description = "Promote even when the version is worse.")
    boolean force;

    @Override
    public Integer call() {
      TrainOptions.Metric chosen = metricNamed(metric);
      String key = chosen.name().toLowerCase(Locale.ROOT);
      try (RunStore runs = store.open()) {
        ModelRegistry registry = runs.models();
        ModelVersion candidate = find(registry, model, Integer.toString(version));
        Optional<ModelVersion> current = registry.alias(model, alias);
        double mine = candidate.training().metrics().getOrDefault(key, Double.NaN);
        if (current.isPresent() && current.get().version() == version) {
          System.out.printf("%s v%d is already %s%n", model, version, alias);
          return Main.OK;
        }
        if (current.isPresent() && !force) {
          double theirs = current.get().training().metrics().getOrDefault(key, Double.NaN);
          boolean worse = !chosen.acceptable(mine, theirs, maxRegression);
          if (worse) {
            throw new SluiceException(
                ErrorCode.INVALID_VALUE,
                String.format(
                    Locale.ROOT,
                    "Cannot promote %s v%d to %s: its test %s %s is worse than v%d's %s"
                        + " (--max-regression %s); --force promotes it anyway",
                    model,
                    version,
                    alias,
                    key,
                    number(mine),
                    current.get().version(),
                    number(theirs),
                    maxRegression));
          }
        }
        registry.setAlias(model, alias, version);
        System.out.printf(
            Locale.ROOT,
            "%s v%d is now %s (%s %s)%s%n",
            model,
            version,
            alias,
            key,
            number(mine),
            current.map(c -> ", was v" + c.version()).orElse(""));
      }
      return Main.OK;
    }
  }

  @Command(
      name = "reproduce",
      mixinStandardHelpOptions = true,
      description =
          "Fit a version again on the data it recorded (the same table snapshots, split time and"
              + " parameters) and compare the metrics with the recorded ones.")
  static final class Reproduce implements Callable<Integer> {
    @Mixin PipelineOptions options;

    @Parameters(index = "1", paramLabel = "NAME", description = "The model.")
    String model;

    @Parameters(index = "2", paramLabel = "VERSION", description = "A version number or alias.")
    String version;

    @Option(
        names = "--tolerance",
        description = "Largest relative difference of a metric (default: ${DEFAULT-VALUE}).")
    double tolerance = 1e-9;

    @Override
    public Integer call() {
      io.sluice.spec.PipelineSpec spec = options.load();
      ExperimentRun recorded;
      try (RunStore runs = JdbcRunStore.open(spec.settings().runStore())) {
        recorded = find(runs.models(), model, version).training();
      }
      org.apache.spark.sql.SparkSession spark =
          io.sluice.engine.spark.SparkSessions.create("sluice-models", spec.settings());
      Map<String, Double> again;
      try {
        again =
            new io.sluice.engine.spark.ml.ModelTraining(spark, null, "reproduce", "", note -> {})
                .reproduce(recorded);
      } finally {
        spark.stop();
      }
      boolean same = true;
      System.out.printf("%-8s %14s %14s %12s%n", "METRIC", "RECORDED", "REPRODUCED", "DIFFERENCE");
      for (Map.Entry<String, Double> metric : again.entrySet()) {
        double before = recorded.metrics().getOrDefault(metric.getKey(), Double.NaN);
        double now = metric.getValue();
        double difference = Math.abs(now - before) / Math.max(Math.abs(before), 1e-12);
        same &= difference <= tolerance;
        System.out.printf(
            Locale.ROOT, "%-8s %14.6f %14.6f %12.2e%n", metric.getKey(), before, now, difference);
      }
      System.out.println(
          same
              ? "Reproduced: every metric within " + tolerance + " of the recorded one."
              : "NOT reproduced: a metric differs by more than " + tolerance + ".");
      return same ? Main.OK : Main.RUN_FAILED;
    }
  }

  static TrainOptions.Metric metricNamed(String name) {
    try {
      return TrainOptions.Metric.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE, "Cannot compare by '" + name + "': use rmse, mae or r2");
    }
  }

  static ModelVersion find(ModelRegistry registry, String model, String version) {
    Optional<ModelVersion> found =
        version.matches("v?[0-9]+")
            ? registry.version(model, Integer.parseInt(version.replaceFirst("^v", "")))
            : registry.alias(model, version);
    return found.orElseThrow(
        () -> {
          if (registry.versions(model).isEmpty()) {
            return unknownModel(model, registry);
          }
          return new SluiceException(
              ErrorCode.INVALID_VALUE,
              "Cannot find version '"
                  + version
                  + "' of model '"
                  + model
                  + "': it has "
                  + String.join(
                      ", ",
                      registry.versions(model).stream()
                          .map(
                              v ->
                                  "v"
                                      + v.version()
                                      + (v.aliases().isEmpty() ? "" : " " + v.aliases()))
                          .toList()));
        });
  }

  static SluiceException unknownModel(String model, ModelRegistry registry) {
    List<String> models = registry.models();
    return new SluiceException(
        ErrorCode.INVALID_VALUE,
        "Cannot find model '"
            + model
            + "' in the registry: "
            + (models.isEmpty()
                ? "it has no models yet (a pipeline's train: dataset registers them)"
                : "its models are " + String.join(", ", models)));
  }

  static String metric(Map<String, Double> metrics, String name) {
    Double value = metrics.get(name);
    return value == null ? "-" : number(value);
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.format(Locale.ROOT, "%,d", (long) value)
        : String.format(Locale.ROOT, "%.4f", value);
  }
}
