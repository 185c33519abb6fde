package io.sluice.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.browse.TableInfo;
import io.sluice.core.plan.Plan;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepResult;
import io.sluice.core.store.RunStatus;
import io.sluice.spec.LineageSpec;
import io.sluice.spi.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Sends a run's OpenLineage events where the file's {@code lineage:} says: START of the pipeline's
 * run, START and COMPLETE (or FAIL) of each step with its inputs, outputs and rows, COMPLETE (or
 * FAIL) of the run. A transport that fails is a line in the run's output, never a failed run.
 */
public final class LineageEmitter implements RunListener {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final LineageSpec spec;
  private final LineageEvents events;
  private final String runId;
  private final RunClock clock;
  private final Consumer<String> warn;

  /** The columns each step of this run wrote, as the engine reported them. */
  private final Map<String, List<TableInfo.Column>> schemas = new ConcurrentHashMap<>();

  public LineageEmitter(Plan plan, String runId, RunClock clock, Consumer<String> warn) {
    this.spec = plan.spec().lineage();
    this.events = new LineageEvents(plan, spec.namespace());
    this.runId = runId;
    this.clock = clock;
    this.warn = warn;
  }

  /** The pipeline's run started. */
  public void runStarted() {
    send(() -> events.pipeline("START", runId, clock.now(), Optional.empty()));
  }

  @Override
  public void stepStarted(String step, String kind) {
    send(
        () ->
            events.step(
                "START",
                runId,
                step,
                kind,
                clock.now(),
                Optional.empty(),
                Optional.empty(),
                schemas));
  }

  @Override
  public void outputSchema(String step, List<TableInfo.Column> columns) {
    schemas.put(step, List.copyOf(columns));
  }

  @Override
  public void stepFinished(StepResult result) {
    boolean failed = result.status() == RunStatus.FAILED;
    send(
        () ->
            events.step(
                failed ? "FAIL" : result.status() == RunStatus.SKIPPED ? "ABORT" : "COMPLETE",
                runId,
                result.name(),
                result.kind(),
                clock.now(),
                failed ? Optional.empty() : Optional.of(result.rowsOut()),
                result.error(),
                schemas));
  }

  /** The pipeline's run ended. */
  public void runFinished(RunResult run) {
    send(
        () ->
            events.pipeline(
                run.status() == RunStatus.SUCCEEDED ? "COMPLETE" : "FAIL",
                runId,
                clock.now(),
                run.error()));
  }

  /** Builds and sends the event, when the file asks for lineage (nothing is built otherwise). */
  private void send(java.util.function.Supplier<ObjectNode> event) {
    if (!spec.enabled()) {
      return;
    }
    String json = Redaction.scrub(LineageEvents.json(event.get()));
    try {
      switch (spec.transport()) {
        case "file" -> append(Path.of(spec.path().orElseThrow()), json);
        case "console" -> System.out.println("OpenLineage " + json);
        default -> post(json);
      }
    } catch (IOException | RuntimeException e) {
      warn.accept("Cannot send an OpenLineage event (" + spec.transport() + "): " + e.getMessage());
    }
  }

  private static synchronized void append(Path file, String json) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        file,
        json + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private void post(String json) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(spec.url().orElseThrow().replaceAll("/+$", "") + spec.endpoint()))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
    spec.apiKey().ifPresent(key -> request.header("Authorization", "Bearer " + key));
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new IOException(
            "the server answered " + response.statusCode() + ": " + response.body().strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
