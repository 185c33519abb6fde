package io.sluice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepResult;
import io.sluice.core.run.StreamLag;
import io.sluice.core.store.RunStatus;
import io.sluice.testing.TestingWebhook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunMetricsTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-12-07T10:00:00Z"));
  private final List<String> pushed = new ArrayList<>();

  private RunMetrics metrics() {
    return new RunMetrics("ufo", clock, Duration.ofMinutes(1), m -> pushed.add(m.scrape()));
  }

  private static StepResult step(String name, String kind, RunStatus status, long in, long out) {
    return new StepResult(
        name,
        kind,
        status,
        in,
        out,
        in - out,
        0,
        0,
        Map.of(),
        Duration.ofMillis(1_500),
        "lake",
        Optional.empty());
  }

  @Test
  void stepsRunsAndStreamsBecomeCountersTimersAndGauges() {
    RunMetrics metrics = metrics();
    metrics.stepFinished(step("silver.sightings", "dataset", RunStatus.SUCCEEDED, 1_000, 990));
    metrics.stepFinished(step("gold.by_country", "dataset", RunStatus.FAILED, 0, 0));
    metrics.streamProgress("bronze.events", 1, new StepResult.Totals(500, 500, 0, 0, 0));
    clock.sleep(Duration.ofSeconds(10));
    metrics.streamProgress("bronze.events", 3, new StepResult.Totals(1_700, 1_690, 10, 0, 0));
    metrics.stepFinished(step("bronze.events", "stream", RunStatus.SUCCEEDED, 1_700, 1_690));
    metrics.runFinished(
        new RunResult(
            "r1", "ufo", RunStatus.FAILED, List.of(), Duration.ofSeconds(42), Optional.of("x")));
    String text = metrics.scrape();
    assertThat(text)
        .contains(
            "sluice_steps_total{kind=\"dataset\",pipeline=\"ufo\",status=\"succeeded\",step=\"silver.sightings\"} 1.0")
        .contains(
            "sluice_steps_total{kind=\"dataset\",pipeline=\"ufo\",status=\"failed\",step=\"gold.by_country\"} 1.0")
        .contains("sluice_step_failures_total{pipeline=\"ufo\",step=\"gold.by_country\"} 1.0")
        .contains("sluice_step_rows_in_total{pipeline=\"ufo\",step=\"silver.sightings\"} 1000.0")
        .contains(
            "sluice_step_rows_quarantined_total{pipeline=\"ufo\",step=\"silver.sightings\"} 10.0")
        .contains(
            "sluice_step_duration_seconds_sum{kind=\"dataset\",pipeline=\"ufo\",step=\"silver.sightings\"} 1.5")
        // a stream's rows are counted batch by batch, not again when it ends
        .contains("sluice_stream_rows_in_total{pipeline=\"ufo\",step=\"bronze.events\"} 1700.0")
        .contains(
            "sluice_stream_rows_quarantined_total{pipeline=\"ufo\",step=\"bronze.events\"} 10.0")
        .doesNotContain("sluice_step_rows_in_total{pipeline=\"ufo\",step=\"bronze.events\"}")
        .contains("sluice_stream_batches_total{pipeline=\"ufo\",step=\"bronze.events\"} 3.0")
        // two batches in the 10 s between the calls: 5 s each
        .contains(
            "sluice_stream_batch_interval_seconds_sum{pipeline=\"ufo\",step=\"bronze.events\"} 10.0")
        .contains(
            "sluice_stream_batch_interval_seconds_count{pipeline=\"ufo\",step=\"bronze.events\"} 2")
        .contains("sluice_runs_total{pipeline=\"ufo\",status=\"failed\"} 1.0")
        .contains("sluice_run_duration_seconds_sum{pipeline=\"ufo\"} 42.0")
        .contains("sluice_run_last_success_seconds{pipeline=\"ufo\"} 0.0");
    assertThat(
            value(
                text, "sluice_stream_last_batch_seconds{pipeline=\"ufo\",step=\"bronze.events\"}"))
        .isEqualTo((double) clock.now().getEpochSecond());
  }

  @Test
  void aContinuousRunIsPushedAtMostOnceAMinuteAndEveryRunWhenItEnds() {
    RunMetrics metrics = metrics();
    for (int batch = 1; batch <= 12; batch++) {
      metrics.streamProgress("bronze.events", batch, new StepResult.Totals(batch, batch, 0, 0, 0));
      clock.sleep(Duration.ofSeconds(15));
    }
    // 12 batches over 3 minutes: the first, then one a minute
    assertThat(pushed).hasSize(3);
    metrics.runFinished(
        new RunResult(
            "r1", "ufo", RunStatus.SUCCEEDED, List.of(), Duration.ofMinutes(3), Optional.empty()));
    assertThat(pushed).hasSize(4);
    assertThat(value(pushed.get(3), "sluice_run_last_success_seconds{pipeline=\"ufo\"}"))
        .isEqualTo((double) clock.now().getEpochSecond());
  }

  @Test
  void aStreamsLagIsAGaugeOfItsLastMicroBatchPerSource() {
    RunMetrics metrics = metrics();
    metrics.streamLag("bronze.events", new StreamLag("events", 4_000, 1_000, 2_500.5));
    String series = "{pipeline=\"ufo\",source=\"events\",step=\"bronze.events\"}";
    assertThat(value(metrics.scrape(), "sluice_stream_lag_max_offsets" + series))
        .isEqualTo(4_000.0);
    assertThat(value(metrics.scrape(), "sluice_stream_lag_avg_offsets" + series))
        .isEqualTo(2_500.5);
    metrics.streamLag("bronze.events", new StreamLag("events", 0, 0, 0));
    metrics.streamLag("bronze.clicks", new StreamLag("clicks", 7, 7, 7));
    String text = metrics.scrape();
    assertThat(value(text, "sluice_stream_lag_max_offsets" + series)).isZero();
    assertThat(
            value(
                text,
                "sluice_stream_lag_max_offsets{pipeline=\"ufo\",source=\"clicks\",step=\"bronze.clicks\"}"))
        .isEqualTo(7.0);
  }

  /** The value of one series in the text format (Prometheus may write it as 1.79E9). */
  private static double value(String text, String series) {
    return text.lines()
        .filter(line -> line.startsWith(series + " "))
        .map(line -> Double.parseDouble(line.substring(series.length() + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + series + " in\n" + text));
  }

  @Test
  void thePushgatewayGetsAPutOfTheGroup() throws java.io.IOException {
    try (TestingWebhook gateway =
        TestingWebhook.start()
            .respond(
                "/",
                request ->
                    request.path().contains("refused")
                        ? new TestingWebhook.Reply(400, "bad group")
                        : new TestingWebhook.Reply(200, ""))) {
      String url = gateway.url("/");
      Pushgateway.push(url, "sluice", "ufo", "sluice_runs_total 1.0\n");
      Pushgateway.push(url, "sluice", "a/b", "x 1\n");
      List<TestingWebhook.Request> requests = gateway.requests("/");
      assertThat(requests.get(0).method() + " " + requests.get(0).path())
          .isEqualTo("PUT /metrics/job/sluice/pipeline/ufo");
      assertThat(requests.get(0).header("Content-Type"))
          .isEqualTo("text/plain; version=0.0.4; charset=utf-8");
      assertThat(requests.get(0).body()).isEqualTo("sluice_runs_total 1.0\n");
      assertThat(requests.get(1).path()).isEqualTo("/metrics/job/sluice/pipeline@base64/YS9i");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> Pushgateway.push(url, "refused", "ufo", "x 1\n"))
          .hasMessageContaining("answered 400: bad group");
    }
  }
}
