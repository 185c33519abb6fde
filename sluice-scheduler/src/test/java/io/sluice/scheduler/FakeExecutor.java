package io.sluice.scheduler;

import io.sluice.core.browse.LakeBrowser;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.plan.PlannedSource;
import io.sluice.core.run.StepContext;
import io.sluice.core.run.StepExecutor;
import io.sluice.core.run.StepOutcome;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * An executor whose steps do what a test scripts: succeed with rows, fail (transiently or not),
 * take clock time, or call back into the run's context. Every call is logged in order.
 */
final class FakeExecutor implements StepExecutor {
  final List<String> calls = new ArrayList<>();

  /** What the steps offer as the lake they left (dashboard exports read it); none when null. */
  LakeBrowser lake;

  private final Map<String, Deque<Script>> scripts = new HashMap<>();
  private final Map<String, Deque<Boolean>> pokes = new HashMap<>();

  /** One attempt's behaviour. */
  record Script(Optional<String> error, boolean transientFailure, Consumer<StepContext> during) {}

  FakeExecutor script(String step, Script... attempts) {
    scripts.computeIfAbsent(step, s -> new ArrayDeque<>()).addAll(List.of(attempts));
    return this;
  }

  FakeExecutor pokes(String sensor, Boolean... answers) {
    pokes.computeIfAbsent(sensor, s -> new ArrayDeque<>()).addAll(List.of(answers));
    return this;
  }

  static Script ok() {
    return new Script(Optional.empty(), false, context -> {});
  }

  static Script transientError(String message) {
    return new Script(Optional.of("error[E300]: " + message), true, context -> {});
  }

  static Script error(String message) {
    return new Script(Optional.of("error[E300]: " + message), false, context -> {});
  }

  static Script okWhile(Consumer<StepContext> during) {
    return new Script(Optional.empty(), false, during);
  }

  @Override
  public Steps begin(StepContext context) {
    return new Steps() {
      @Override
      public StepOutcome dataset(PlannedDataset dataset) {
        return step(context, dataset.name(), "dataset");
      }

      @Override
      public StepOutcome drain(PlannedDataset dataset) {
        return step(context, dataset.name(), "stream");
      }

      @Override
      public StreamStart start(PlannedDataset dataset) {
        throw new UnsupportedOperationException("no continuous streams in these tests");
      }

      @Override
      public StepOutcome sink(PlannedSink sink) {
        return step(context, sink.spec().name(), "sink");
      }

      @Override
      public Optional<LakeBrowser> lake() {
        return Optional.ofNullable(lake);
      }

      @Override
      public void close() {}
    };
  }

  private synchronized StepOutcome step(StepContext context, String name, String kind) {
    calls.add(name);
    Deque<Script> queue = scripts.get(name);
    Script script = queue == null || queue.isEmpty() ? ok() : queue.poll();
    script.during().accept(context);
    RunStatus status = script.error().isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    long rows = status == RunStatus.SUCCEEDED ? 10 : 0;
    return new StepOutcome(
        new StepResult(
            name,
            kind,
            status,
            rows,
            rows,
            0,
            0,
            0,
            Map.of(),
            Duration.ofSeconds(1),
            name,
            script.error()),
        script.transientFailure());
  }

  @Override
  public Sensor sensor(PlannedSource sensor) {
    String name = sensor.spec().name();
    return new Sensor() {
      @Override
      public boolean poke() {
        synchronized (FakeExecutor.this) {
          calls.add("poke " + name);
          Deque<Boolean> answers = pokes.get(name);
          return answers != null && !answers.isEmpty() && answers.poll();
        }
      }

      @Override
      public String describe() {
        return "the file " + name + ".ok";
      }
    };
  }
}
