package io.sluice.scheduler;

import io.sluice.core.plan.PlannedSource;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.StepErrors;
import io.sluice.core.run.StepExecutor;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import io.sluice.spec.FormatOptions;
import io.sluice.spi.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Pokes a sensor every poke interval until it holds or its timeout passes; a timeout fails the run
 * before any dataset and alerts. Recorded as a step of kind "sensor", named {@code sensor:NAME}.
 */
final class SensorWait {
  private final StepExecutor executor;
  private final RunClock clock;
  private final RunRecorder recorder;

  SensorWait(StepExecutor executor, RunClock clock, RunRecorder recorder) {
    this.executor = executor;
    this.clock = clock;
    this.recorder = recorder;
  }

  StepResult await(PlannedSource planned) {
    String name = "sensor:" + planned.spec().name();
    Instant started = clock.now();
    recorder.started(name, "sensor", started);
    Duration interval = planned.options().get(FormatOptions.POKE_INTERVAL);
    Duration timeout = planned.options().get(FormatOptions.SENSOR_TIMEOUT);
    StepResult result;
    try {
      StepExecutor.Sensor sensor = executor.sensor(planned);
      int pokes = 0;
      boolean held = false;
      Instant deadline = started.plus(timeout);
      while (true) {
        pokes++;
        if (sensor.poke()) {
          held = true;
          break;
        }
        if (pokes == 1) {
          recorder.note(
              name,
              "waiting for "
                  + sensor.describe()
                  + " (every "
                  + interval.toSeconds()
                  + "s, at most "
                  + timeout.toSeconds()
                  + "s)");
        }
        if (!clock.now().plus(interval).isBefore(deadline)) {
          break;
        }
        clock.sleep(interval);
      }
      Optional<String> error = Optional.empty();
      if (held) {
        recorder.note(name, sensor.describe() + ": ready after " + pokes + " check(s)");
      } else {
        String text =
            "Sensor '"
                + planned.spec().name()
                + "' timed out after "
                + Duration.between(started, clock.now()).toSeconds()
                + "s ("
                + pokes
                + " checks; timeout "
                + timeout.toSeconds()
                + "s) waiting for "
                + sensor.describe()
                + " (pipeline "
                + recorder.plan().spec().name()
                + ", run "
                + recorder.runId()
                + ", logical date "
                + recorder.plan().spec().runDate().ds()
                + ")";
        recorder.alert(name, "sensor_timeout", text);
        error = Optional.of("error[" + ErrorCode.RUN_FAILED.code() + "]: " + text);
      }
      result =
          new StepResult(
              name,
              "sensor",
              held ? RunStatus.SUCCEEDED : RunStatus.FAILED,
              0,
              0,
              0,
              0,
              0,
              Map.of(),
              Duration.between(started, clock.now()),
              sensor.describe(),
              error);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result = failed(name, started, e);
    } catch (RuntimeException e) {
      result = failed(name, started, e);
    }
    recorder.finished(result);
    return result;
  }

  private StepResult failed(String name, Instant started, Exception e) {
    return StepResult.failed(
        name, "sensor", Duration.between(started, clock.now()), StepErrors.describe(e));
  }
}
