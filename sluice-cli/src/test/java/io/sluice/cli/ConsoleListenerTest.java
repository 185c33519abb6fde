package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleListenerTest {
  private static StepResult step(RunStatus status, long warned, Optional<String> error) {
    return new StepResult(
        "silver.sightings",
        "dataset",
        status,
        11_879,
        11_870,
        7,
        2,
        warned,
        Map.of(),
        Duration.ofMillis(6_250),
        "lake.silver.sightings",
        error);
  }

  @Test
  void printsOneLinePerStepWithRowsTimeAndOutcome() {
    assertThat(ConsoleListener.line(step(RunStatus.SUCCEEDED, 0, Optional.empty())))
        .isEqualTo(
            "  silver.sightings                        11,879 in      11,870 out         7 quarantined         2 dropped     6.3s  ok");
    assertThat(ConsoleListener.line(step(RunStatus.SUCCEEDED, 3, Optional.empty())))
        .endsWith("ok (3 warnings)");
    assertThat(
            ConsoleListener.line(
                StepResult.class.cast(step(RunStatus.SKIPPED, 0, Optional.empty()))))
        .isEqualTo("  silver.sightings                   skipped");
  }

  @Test
  void printsTheErrorUnderAFailedStep() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleListener listener =
        new ConsoleListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
    listener.stepStarted("silver.sightings", "dataset");
    listener.progress("silver.sightings", 3, 8); // not interactive: no bar
    listener.stepFinished(
        step(RunStatus.FAILED, 0, Optional.of("error[E202]: Cannot accept a row")));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .endsWith("FAILED\n      error[E202]: Cannot accept a row\n")
        .doesNotContain("tasks");
  }

  @Test
  void showsABarOfSparkTasksOnATerminalThenTheStepLine() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleListener listener =
        new ConsoleListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 0);
    listener.stepStarted("silver.sightings", "dataset");
    listener.progress("silver.sightings", 3, 8);
    Thread.sleep(150); // the bar renders on its own thread
    listener.progress("silver.sightings", 8, 8);
    listener.stepFinished(step(RunStatus.SUCCEEDED, 0, Optional.empty()));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("silver.sightings").contains("/8 tasks");
    assertThat(out).contains("8/8 tasks");
    assertThat(out.substring(out.lastIndexOf("8/8 tasks"))).contains("11,879 in").endsWith("ok\n");
  }

  @Test
  void stepsRunningAtOnceShowOneBarAtATime() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleListener listener =
        new ConsoleListener(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 0);
    listener.stepStarted("silver.sightings", "dataset");
    listener.stepStarted("gold.other", "dataset");
    listener.progress("silver.sightings", 3, 8);
    listener.progress("gold.other", 5, 9); // another step's bar waits for this one to end
    Thread.sleep(150);
    listener.progress("silver.sightings", 8, 8);
    listener.stepFinished(step(RunStatus.SUCCEEDED, 0, Optional.empty()));
    listener.progress("gold.other", 9, 9); // now it may show
    Thread.sleep(150);
    String out = bytes.toString(StandardCharsets.UTF_8);
    String first = out.substring(0, out.indexOf("11,879 in"));
    assertThat(first).contains("8/8 tasks").doesNotContain("gold.other").doesNotContain("/9 tasks");
    assertThat(out.substring(out.indexOf("11,879 in")))
        .contains("gold.other")
        .contains("9/9 tasks");
  }
}
