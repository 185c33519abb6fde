package io.sluice.scheduler;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.run.DaemonThreads;
import io.sluice.core.run.StepResult;
import io.sluice.spec.FormatOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs datasets in graph order: a dataset starts once every dataset it reads (in this run) has
 * finished, up to {@code spark.parallel_steps} at once, and is skipped when one of them failed or
 * was skipped. Results come back in plan order; a continuous stream that started has none yet.
 */
final class DatasetGraph {
  private final List<PlannedDataset> datasets;
  private final int parallel;
  private final Set<String> inRun = new HashSet<>();
  private final Map<String, Optional<StepResult>> finished = new HashMap<>();

  DatasetGraph(Plan plan, List<PlannedDataset> datasets) {
    this.datasets = List.copyOf(datasets);
    datasets.forEach(d -> inRun.add(key(d.name())));
    this.parallel =
        datasets.stream().anyMatch(d -> d.spec().streaming().isPresent()) ? 1 : parallelSteps(plan);
  }

  static int parallelSteps(Plan plan) {
    return Integer.parseInt(
        plan.spec()
            .settings()
            .sparkConf()
            .getOrDefault(
                FormatOptions.PARALLEL_STEPS_PROPERTY,
                FormatOptions.SPARK_PARALLEL_STEPS.defaultValue().orElseThrow().toString()));
  }

  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * Runs every dataset with {@code step}; {@code blocked} holds the failed steps and those
   * downstream of one (it gains this run's), and with {@code blockAll} every dataset is skipped.
   */
  List<StepResult> run(
      Function<PlannedDataset, Optional<StepResult>> step,
      Set<String> blocked,
      boolean blockAll,
      RunRecorder recorder) {
    List<PlannedDataset> pending = new ArrayList<>(datasets);
    Predicate<PlannedDataset> ready =
        dataset ->
            dataset.upstream().stream()
                .map(DatasetGraph::key)
                .allMatch(u -> !inRun.contains(u) || finished.containsKey(u));
    ExecutorService pool =
        parallel > 1
            ? Executors.newFixedThreadPool(parallel, DaemonThreads.named("sluice-step"))
            : null;
    CompletionService<Map.Entry<String, Optional<StepResult>>> running =
        pool == null ? null : new ExecutorCompletionService<>(pool);
    int inFlight = 0;
    try {
      while (!pending.isEmpty() || inFlight > 0) {
        for (Iterator<PlannedDataset> it = pending.iterator();
            it.hasNext() && inFlight < parallel; ) {
          PlannedDataset dataset = it.next();
          if (!ready.test(dataset)) {
            continue;
          }
          it.remove();
          String name = key(dataset.name());
          if (blockAll
              || dataset.upstream().stream().map(DatasetGraph::key).anyMatch(blocked::contains)) {
            StepResult skipped = StepResult.skipped(dataset.name(), "dataset");
            recorder.skipped(skipped);
            blocked.add(name);
            finished.put(name, Optional.of(skipped));
          } else if (running == null) {
            record(blocked, name, step.apply(dataset));
          } else {
            running.submit(() -> Map.entry(name, step.apply(dataset)));
            inFlight++;
          }
        }
        if (inFlight > 0) {
          Map.Entry<String, Optional<StepResult>> done = running.take().get();
          inFlight--;
          record(blocked, done.getKey(), done.getValue());
        } else if (!pending.isEmpty() && pending.stream().noneMatch(ready)) {
          throw new IllegalStateException("no dataset of " + pending + " can start");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the run was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a step failed unexpectedly", e.getCause());
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    List<StepResult> results = new ArrayList<>();
    for (PlannedDataset dataset : datasets) {
      finished.getOrDefault(key(dataset.name()), Optional.empty()).ifPresent(results::add);
    }
    return results;
  }

  private void record(Set<String> blocked, String name, Optional<StepResult> result) {
    finished.put(name, result);
    if (result.flatMap(StepResult::error).isPresent()) {
      blocked.add(name);
    }
  }
}
