package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.StepContext;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.CheckRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

class StepLogCaptureTest {
  private final List<String> lines = new ArrayList<>();

  private final StepContext context =
      new StepContext() {
        @Override
        public String runId() {
          return "r1";
        }

        @Override
        public Plan plan() {
          throw new UnsupportedOperationException();
        }

        @Override
        public void note(String step, String text) {}

        @Override
        public void log(String step, String level, String text) {
          lines.add(step + " " + level + " " + text);
        }

        @Override
        public void alert(String step, String kind, String text) {}

        @Override
        public void check(CheckRecord check) {}

        @Override
        public void progress(String step, long doneTasks, long totalTasks) {}

        @Override
        public void streamProgress(
            String step, long batches, long batchRowsOut, StepResult.Totals totals) {}
      };

  @Test
  void whatTheStepsThreadLogsGoesToItsLogAndNothingElseDoes() throws Exception {
    Configurator.setLevel("io.sluice.capture", Level.INFO);
    Configurator.setLevel("org.apache.iceberg.capture", Level.INFO);
    Logger iceberg = LogManager.getLogger("org.apache.iceberg.capture.Commits");
    Logger ours = LogManager.getLogger("io.sluice.capture.Steps");

    iceberg.error("before the step");
    String answer =
        StepLogCapture.around(
            context,
            "gold.x",
            () -> {
              iceberg.warn("Retrying commit {} of {}", 1, 4);
              iceberg.info("a third party's INFO is left to the log file");
              ours.info("Sluice's own INFO is kept");
              iceberg.error("failed", new IllegalStateException("conflict"));
              Thread other = new Thread(() -> iceberg.error("another thread's line"));
              other.start();
              try {
                other.join();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return "done";
            });
    iceberg.error("after the step");

    assertThat(answer).isEqualTo("done");
    assertThat(lines)
        .extracting(l -> l.lines().findFirst().orElse(""))
        .containsExactly(
            "gold.x WARN Commits: Retrying commit 1 of 4",
            "gold.x INFO Steps: Sluice's own INFO is kept",
            "gold.x ERROR Commits: failed");
    assertThat(lines.get(2)).contains("java.lang.IllegalStateException: conflict");
    assertThat(lines.get(2).lines().count()).isLessThanOrEqualTo(13);
  }
}
