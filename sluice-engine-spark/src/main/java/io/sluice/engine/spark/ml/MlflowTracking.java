package io.sluice.engine.spark.ml;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.store.ExperimentRun;
import io.sluice.spec.TrackingSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Logs a registered training run to an MLflow tracking server too: the experiment (created if
 * needed), a run named after the algorithm and version, every parameter and metric, feature
 * importances as {@code importance.FEATURE} metrics, tags for the Sluice run, the registry version
 * and alias, the data snapshots and the pipeline version, and the model's files as the run's {@code
 * model/} artifacts when the server proxies artifacts. Sluice's registry stays the record: a
 * tracking server that fails is reported in the step's log and the training goes on.
 */
public final class MlflowTracking {
  private final TrackingSpec spec;
  private final Configuration hadoop;
  private final Consumer<String> notes;

  public MlflowTracking(TrackingSpec spec, Configuration hadoop, Consumer<String> notes) {
    this.spec = spec;
    this.hadoop = hadoop;
    this.notes = notes;
  }

  /** Logs {@code run}; returns the MLflow run id, or empty when not configured or it failed. */
  public java.util.Optional<String> log(ExperimentRun run, boolean promoted, String alias) {
    if (spec.mlflow().isEmpty()) {
      return java.util.Optional.empty();
    }
    MlflowClient client = new MlflowClient(spec.mlflow().get(), spec.token());
    try {
      String experiment = client.experimentId(run.experiment());
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put("mlflow.runName", run.algorithm() + " v" + run.registeredVersion().orElse(0));
      tags.put("mlflow.source.type", "JOB");
      tags.put("mlflow.source.name", run.dataset());
      tags.put("sluice.run_id", run.runId());
      tags.put("sluice.training_id", run.trainingId());
      tags.put("sluice.model", run.model());
      run.registeredVersion().ifPresent(v -> tags.put("sluice.model_version", v.toString()));
      if (promoted) {
        tags.put("sluice.alias", alias);
      }
      tags.put("sluice.pipeline_version", run.pipelineVersion());
      tags.put("sluice.artifact", run.artifact());
      run.snapshots().forEach((table, id) -> tags.put("sluice.snapshot." + table, id.toString()));
      JsonNode info =
          client.createRun(
              experiment, tags.get("mlflow.runName"), run.startedAt().toEpochMilli(), Map.of());
      String mlflowRun = info.path("run_id").asText();
      Map<String, Double> metrics = new LinkedHashMap<>(run.metrics());
      run.importances().forEach((feature, value) -> metrics.put("importance." + feature, value));
      long at = run.endedAt().orElse(run.startedAt()).toEpochMilli();
      client.logBatch(mlflowRun, run.params(), metrics, tags, at);
      String artifacts = upload(client, info.path("artifact_uri").asText(""), run.artifact());
      client.finishRun(mlflowRun, "FINISHED", at);
      notes.accept(
          String.format(
              Locale.ROOT,
              "logged to MLflow %s: experiment %s, run %s (%d parameters, %d metrics%s)",
              spec.mlflow().get(),
              experiment,
              mlflowRun,
              run.params().size(),
              metrics.size(),
              artifacts));
      return java.util.Optional.of(mlflowRun);
    } catch (IOException | RuntimeException e) {
      notes.accept("could not log to MLflow " + spec.mlflow().get() + ": " + e.getMessage());
      return java.util.Optional.empty();
    }
  }

  /** Uploads the model's files when the run's artifacts are proxied by the tracking server. */
  private String upload(MlflowClient client, String artifactUri, String model) throws IOException {
    String proxied = "mlflow-artifacts:/";
    if (!artifactUri.startsWith(proxied)) {
      return "; the model stays in the lake: the server does not proxy artifacts ("
          + (artifactUri.isEmpty() ? "no artifact_uri" : artifactUri)
          + ")";
    }
    String root = artifactUri.substring(proxied.length()).replaceAll("^/+", "");
    Path folder = new Path(model);
    FileSystem fs = folder.getFileSystem(hadoop);
    int files = 0;
    long bytes = 0;
    RemoteIterator<LocatedFileStatus> all = fs.listFiles(folder, true);
    while (all.hasNext()) {
      FileStatus file = all.next();
      String name = file.getPath().getName();
      if (name.startsWith(".") || name.endsWith(".crc")) {
        continue;
      }
      String relative =
          file.getPath().toUri().getPath().substring(folder.toUri().getPath().length());
      byte[] content = read(fs, file.getPath());
      client.uploadArtifact(
          root, "model" + (relative.startsWith("/") ? "" : "/") + relative, content);
      files++;
      bytes += content.length;
    }
    return String.format(Locale.ROOT, ", %d model files, %,d bytes", files, bytes);
  }

  private static byte[] read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file);
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      return out.toByteArray();
    }
  }
}
