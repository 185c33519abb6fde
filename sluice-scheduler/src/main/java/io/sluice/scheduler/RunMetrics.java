package io.sluice.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepResult;
import io.sluice.core.run.StreamLag;
import io.sluice.core.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The Prometheus metrics of a pipeline's runs, kept as a run goes (a {@link RunListener}): per step
 * its outcome, rows in and out, quarantined and dropped rows and duration; per streaming dataset
 * its micro-batches, their duration, their rows and the seconds since the last one; per run its
 * outcome and duration. {@link #scrape} gives them in Prometheus' text format; {@code onChange} is
 * told after every run and at most once a {@code pushEvery} while streams run (a Pushgateway push).
 */
public final class RunMetrics implements RunListener {
  private final PrometheusMeterRegistry registry;
  private final String pipeline;
  private final RunClock clock;
  private final Duration pushEvery;
  private final Consumer<RunMetrics> onChange;
  private final Map<String, Long> batches = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastBatch = new ConcurrentHashMap<>();
  private final Map<String, StepResult.Totals> streamed = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastBatchEpoch = new ConcurrentHashMap<>();
  private final AtomicLong lastSuccess = new AtomicLong();
  private final Map<String, Lag> lags = new ConcurrentHashMap<>();
  private volatile Instant lastPush = Instant.EPOCH;

  public RunMetrics(
      String pipeline, RunClock clock, Duration pushEvery, Consumer<RunMetrics> onChange) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.pipeline = pipeline;
    this.clock = clock;
    this.pushEvery = pushEvery;
    this.onChange = onChange;
    Gauge.builder("sluice.run.last.success", lastSuccess, AtomicLong::get)
        .description("When the pipeline's last successful run ended (epoch seconds)")
        .baseUnit("seconds")
        .tags("pipeline", pipeline)
        .register(registry);
  }

  @Override
  public void stepFinished(StepResult step) {
    Tags tags = Tags.of("pipeline", pipeline, "step", step.name());
    Counter.builder("sluice.steps")
        .description("Steps that ended, by outcome")
        .tags(tags.and("kind", step.kind(), "status", status(step.status())))
        .register(registry)
        .increment();
    Timer.builder("sluice.step.duration")
        .description("How long steps took")
        .tags(tags.and("kind", step.kind()))
        .register(registry)
        .record(step.duration());
    if (step.status() == RunStatus.FAILED) {
      Counter.builder("sluice.step.failures")
          .description("Steps that failed")
          .tags(tags)
          .register(registry)
          .increment();
    }
    if (!streamed.containsKey(step.name())) { // a stream counted its rows batch by batch
      rows(
          "sluice.step",
          tags,
          new StepResult.Totals(
              step.rowsIn(), step.rowsOut(), step.quarantined(), step.dropped(), step.warned()));
    }
  }

  @Override
  public void streamProgress(String step, long batchesSoFar, StepResult.Totals totals) {
    Tags tags = Tags.of("pipeline", pipeline, "step", step);
    Instant now = clock.now();
    long before = batches.getOrDefault(step, 0L);
    long newBatches = Math.max(0, batchesSoFar - before);
    batches.put(step, batchesSoFar);
    Instant previous = lastBatch.put(step, now);
    if (newBatches > 0) {
      Counter.builder("sluice.stream.batches")
          .description("Micro-batches of streaming datasets")
          .tags(tags)
          .register(registry)
          .increment((double) newBatches);
      if (previous != null) {
        Timer interval =
            Timer.builder("sluice.stream.batch.interval")
                .description("Time between micro-batches (batch duration plus the trigger's wait)")
                .tags(tags)
                .register(registry);
        Duration each = Duration.between(previous, now).dividedBy(newBatches);
        for (long i = 0; i < Math.min(newBatches, 10_000); i++) {
          interval.record(each); // the batches since the last call shared the time
        }
      }
    }
    lastBatchEpoch
        .computeIfAbsent(
            step,
            name -> {
              AtomicLong at = new AtomicLong();
              Gauge.builder("sluice.stream.last.batch", at, AtomicLong::get)
                  .description("When the stream's last micro-batch ended (epoch seconds)")
                  .baseUnit("seconds")
                  .tags(tags)
                  .register(registry);
              return at;
            })
        .set(now.getEpochSecond());
    StepResult.Totals last = streamed.getOrDefault(step, StepResult.Totals.NONE);
    streamed.put(step, totals);
    rows(
        "sluice.stream",
        tags,
        new StepResult.Totals(
            totals.rowsIn() - last.rowsIn(),
            totals.rowsOut() - last.rowsOut(),
            totals.quarantined() - last.quarantined(),
            totals.dropped() - last.dropped(),
            totals.warned() - last.warned()));
    if (Duration.between(lastPush, now).compareTo(pushEvery) >= 0) {
      lastPush = now;
      onChange.accept(this);
    }
  }

  @Override
  public void streamLag(String step, StreamLag lag) {
    lags.computeIfAbsent(
            step + "\u0000" + lag.source(),
            key -> {
              Lag held = new Lag();
              Tags tags = Tags.of("pipeline", pipeline, "step", step, "source", lag.source());
              Gauge.builder("sluice.stream.lag.max", held, h -> h.max)
                  .description(
                      "Offsets the stream is behind the source's newest record, in the partition"
                          + " furthest behind, after its last micro-batch")
                  .baseUnit("offsets")
                  .tags(tags)
                  .register(registry);
              Gauge.builder("sluice.stream.lag.avg", held, h -> h.avg)
                  .description(
                      "Offsets the stream is behind the source's newest record, averaged over"
                          + " the source's partitions, after its last micro-batch")
                  .baseUnit("offsets")
                  .tags(tags)
                  .register(registry);
              return held;
            })
        .set(lag);
  }

  /** The last lag heard of a stream's source (gauges read it). */
  private static final class Lag {
    private volatile double max;
    private volatile double avg;

    void set(StreamLag lag) {
      max = lag.maxBehind();
      avg = lag.avgBehind();
    }
  }

  /** Records the run's outcome and tells {@code onChange}. */
  public void runFinished(RunResult run) {
    Counter.builder("sluice.runs")
        .description("Runs that ended, by outcome")
        .tags("pipeline", pipeline, "status", status(run.status()))
        .register(registry)
        .increment();
    Timer.builder("sluice.run.duration")
        .description("How long runs took")
        .tags("pipeline", pipeline)
        .register(registry)
        .record(run.duration());
    if (run.status() == RunStatus.SUCCEEDED) {
      lastSuccess.set(clock.now().getEpochSecond());
    }
    lastPush = clock.now();
    onChange.accept(this);
  }

  /** The metrics in Prometheus' text exposition format (0.0.4). */
  public String scrape() {
    return registry.scrape();
  }

  public String pipeline() {
    return pipeline;
  }

  private void rows(String prefix, Tags tags, StepResult.Totals rows) {
    count(prefix + ".rows.in", "Rows read", tags, rows.rowsIn());
    count(prefix + ".rows.out", "Rows written", tags, rows.rowsOut());
    count(prefix + ".rows.quarantined", "Rows quarantined with a reason", tags, rows.quarantined());
    count(prefix + ".rows.dropped", "Rows dropped by checks", tags, rows.dropped());
  }

  private void count(String name, String description, Tags tags, long amount) {
    Counter counter = Counter.builder(name).description(description).tags(tags).register(registry);
    if (amount > 0) {
      counter.increment((double) amount);
    }
  }

  private static String status(RunStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }
}
