package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.spec.DatasetDefinition;
import io.sluice.spec.EngineSettings;
import io.sluice.spec.ExpectationSpec;
import io.sluice.spi.spark.SparkBatchSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice plan FILE}: the dataset graph in order with each dataset's schema and each sink's
 * target and mode. Runs no Spark job: schemas come from Spark's analyzer over empty tables in a
 * scratch catalog.
 */
@Command(
    name = "plan",
    description = "Show the dataset graph in order, schemas, sinks and write modes.")
final class PlanCommand implements Callable<Integer> {
  @Mixin PipelineOptions options;

  @Option(names = "--no-schemas", description = "Skip schemas (no Spark session at all).")
  boolean noSchemas;

  @Override
  public Integer call() throws IOException {
    Plan plan = options.plan();
    Map<String, StructType> schemas = noSchemas ? Map.of() : ScratchSchemas.analyse(plan);
    EngineSettings settings = plan.spec().settings();
    System.out.printf(
        "Pipeline %s (profile %s)%n  lake: %s%n  spark: %s%n  run store: %s%n",
        plan.spec().name(),
        plan.spec().profile(),
        settings.lake(),
        settings.sparkMaster(),
        settings.runStore());
    io.sluice.spec.RunDate date = plan.spec().runDate();
    plan.spec()
        .schedule()
        .ifPresent(
            schedule ->
                System.out.printf(
                    "  schedule: '%s' in %s from %s, catchup %s, max %d active run(s)%n",
                    schedule.cron(),
                    schedule.timezone(),
                    schedule.startDate(),
                    schedule.catchup(),
                    schedule.maxActiveRuns()));
    System.out.printf(
        "  logical date: ds=%s, data interval [%s, %s), ds_nodash=%s, ds_epoch_ms=%s%n%n",
        date.ds(),
        date.variable("data_interval_start").orElseThrow(),
        date.variable("data_interval_end").orElseThrow(),
        date.variable("ds_nodash").orElseThrow(),
        date.variable("ds_epoch_ms").orElseThrow());
    if (!plan.services().isEmpty()) {
      System.out.println("Services, started before the run and stopped after:");
      for (io.sluice.core.plan.PlannedSource service : plan.services()) {
        System.out.printf("  %s (%s)%n", service.spec().name(), service.factory().id());
      }
      System.out.println();
    }
    System.out.println("Datasets, in order:");
    int index = 1;
    for (PlannedDataset dataset : plan.datasets()) {
      String input =
          dataset.spec().definition() instanceof DatasetDefinition.FromSource from
              ? (dataset.source() != null
                  ? "source " + from.source() + " (" + dataset.source().spec().type() + ")"
                  : "dataset " + from.source())
              : dataset.spec().definition() instanceof DatasetDefinition.Train train
                  ? trainText(train)
                  : dataset.spec().definition() instanceof DatasetDefinition.Score score
                          && score.registryModel()
                      ? "predictions for "
                          + String.join(", ", dataset.upstream())
                          + " by registry model "
                          + score.model()
                          + " (Spark MLlib, the version resolved when the step runs)"
                      : dataset.spec().definition() instanceof DatasetDefinition.Score score
                          ? "scores of "
                              + String.join(", ", dataset.upstream())
                              + "."
                              + score.textColumn()
                              + " by model "
                              + score.model()
                              + " ("
                              + score.task().name().toLowerCase(Locale.ROOT).replace('_', '-')
                              + ", batches of "
                              + score.batchSize()
                              + ", "
                              + score.threads()
                              + " thread(s), loaded once per executor JVM)"
                          : "sql over "
                              + (dataset.upstream().isEmpty()
                                  ? "(no datasets)"
                                  : String.join(", ", dataset.upstream()));
      System.out.printf(
          "%3d. %s <- %s  [mode %s%s]%n",
          index++,
          dataset.name(),
          input,
          dataset
              .spec()
              .streaming()
              .map(
                  trigger ->
                      dataset.spec().streamDerived()
                          ? "streaming, in each micro-batch of its upstream"
                          : "streaming, trigger " + trigger)
              .orElse(dataset.spec().mode().name().toLowerCase(Locale.ROOT)),
          dataset.spec().keys().isEmpty()
              ? ""
              : dataset.spec().streaming().isPresent()
                  ? "; one row per "
                      + String.join(", ", dataset.spec().keys())
                      + ", the "
                      + (dataset.spec().keepLast() ? "last" : "first")
                  : " on " + String.join(", ", dataset.spec().keys()));
      if (dataset.source() != null) {
        dataset
            .source()
            .factory()
            .source()
            .sourceDelivery(dataset.source().options())
            .ifPresent(edge -> System.out.println("       into the source: " + edge));
      }
      System.out.println("       delivery: " + dataset.delivery());
      if (dataset.spec().definition() instanceof DatasetDefinition.SqlQuery query
          && query.translated()) {
        System.out.println(
            "       "
                + query.dialect().name().toLowerCase(Locale.ROOT)
                + " SQL, runs as Spark SQL:");
        query.sql().lines().forEach(line -> System.out.println("         " + line));
      }
      for (ExpectationSpec check : dataset.spec().expectations()) {
        System.out.printf(
            "       check %s: %s (on_fail: %s)%n",
            check.name(), check.check(), check.onFail().name().toLowerCase(Locale.ROOT));
      }
      StructType schema = schemas.get(dataset.name());
      if (schema != null) {
        System.out.println(
            "       schema: "
                + java.util.Arrays.stream(schema.fields())
                    .map(PlanCommand::field)
                    .collect(Collectors.joining(", ")));
      }
    }
    if (!plan.sinks().isEmpty()) {
      System.out.println();
      System.out.println("Sinks:");
      for (PlannedSink sink : plan.sinks()) {
        SparkBatchSink writer = sink.factory().sink().createBatchSink(sink.options());
        boolean streamed = plan.streamsInto(sink);
        System.out.printf(
            "  %s <- %s%s -> %s  [mode %s]%n",
            sink.spec().name(),
            sink.spec().from(),
            streamed ? " (each micro-batch, as the stream writes it)" : "",
            writer.describeTarget(),
            sink.spec().mode().name().toLowerCase(Locale.ROOT));
        System.out.println("       delivery: " + plan.delivery(sink));
        StructType schema = schemas.get(sink.spec().from());
        if (schema != null) {
          writer
              .describeWrite(schema, sink.spec().keys())
              .ifPresent(text -> System.out.println("       " + text));
        }
      }
    }
    return Main.OK;
  }

  private static String field(StructField field) {
    return field.name() + " " + field.dataType().simpleString();
  }

  static void deleteRecursively(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static String trainText(DatasetDefinition.Train train) {
    return "models of "
        + train.label()
        + " trained on "
        + train.input()
        + " ("
        + train.algorithms().stream()
            .map(a -> a.name() + ": " + a.type().name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .collect(java.util.stream.Collectors.joining(", "))
        + "; the newest "
        + Math.round(train.testFraction() * 100)
        + "% by "
        + train.splitBy()
        + " tested; registered as "
        + train.model()
        + train.promote().map(alias -> ", the best promoted to @" + alias).orElse("")
        + ")";
  }
}
