package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.run.RunResult;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.ModelVersion;
import io.sluice.core.store.RunStatus;
import io.sluice.testing.TestingMlflow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training runs logged to MLflow over its REST API, against a local server that implements the
 * endpoints as MLflow's REST API reference defines them ({@link TestingMlflow}); that server is
 * first checked with MLflow's own Java client.
 */
class MlflowTrackingIT {
  private static String pipeline(String name, String url) {
    return """
        pipeline: NAME
        tracking: { mlflow: "URL" }
        datasets:
          mlf_NAME.points:
            sql: |
              SELECT id, timestamp_seconds(1420070400 + id * 600) AS at, CAST(id % 13 AS DOUBLE) AS x1,
                     id % 5 = 0 AS flag, 3 * (id % 13) + pmod(hash(id), 1000) / 1000.0 AS y
              FROM range(0, 2000)
          mlf_NAME.models:
            train:
              input: mlf_NAME.points
              label: y
              features: [x1, flag]
              split_by: at
              model: NAME
              algorithms:
                - { name: linear, type: linear-regression, params: { regParam: 0.01 } }
                - { name: tree, type: decision-tree-regression, params: { maxDepth: 5 } }
        """
        .replace("NAME", name)
        .replace("URL", url);
  }

  @Test
  void theLocalServerAnswersMlflowsOwnClient() {
    try (TestingMlflow server = TestingMlflow.start(true)) {
      org.mlflow.tracking.MlflowClient client = new org.mlflow.tracking.MlflowClient(server.url());
      String experiment = client.createExperiment("checked");
      assertThat(client.getExperimentByName("checked").orElseThrow().getExperimentId())
          .isEqualTo(experiment);
      String run = client.createRun(experiment).getRunId();
      client.logBatch(
          run,
          List.of(
              org.mlflow.api.proto.Service.Metric.newBuilder()
                  .setKey("rmse")
                  .setValue(2.5)
                  .setTimestamp(1)
                  .setStep(0)
                  .build()),
          List.of(
              org.mlflow.api.proto.Service.Param.newBuilder()
                  .setKey("maxDepth")
                  .setValue("6")
                  .build()),
          List.of(
              org.mlflow.api.proto.Service.RunTag.newBuilder()
                  .setKey("team")
                  .setValue("taxi")
                  .build()));
      client.setTerminated(run, org.mlflow.api.proto.Service.RunStatus.FINISHED, 2);
      TestingMlflow.Run held = server.runs().get(0);
      assertThat(held.params).containsEntry("maxDepth", "6");
      assertThat(held.metrics).containsEntry("rmse", 2.5);
      assertThat(held.tags).containsEntry("team", "taxi");
      assertThat(held.status).isEqualTo("FINISHED");
      assertThat(client.getExperimentByName("missing")).isEmpty();
    }
  }

  @Test
  void everyTrainingRunIsLoggedWithItsParametersMetricsTagsAndModelFiles() throws Exception {
    try (TestingMlflow server = TestingMlflow.start(true)) {
      RunResult result = SharedSpark.run(pipeline("logged", server.url()), Map.of());
      assertThat(result.step("mlf_logged.models").orElseThrow().status())
          .isEqualTo(RunStatus.SUCCEEDED);
      assertThat(server.experiments()).containsOnlyKeys("logged");
      assertThat(server.runs()).hasSize(2).allMatch(r -> r.status.equals("FINISHED"));
      List<ModelVersion> versions;
      try (JdbcRunStore store = JdbcRunStore.open(SharedSpark.settings().runStore())) {
        versions = store.models().versions("logged");
        assertThat(
                store.log(result.runId(), "mlf_logged.models", 100).stream()
                    .filter(l -> l.text().startsWith("logged to MLflow " + server.url()))
                    .count())
            .isEqualTo(2);
      }
      for (ModelVersion version : versions) {
        TestingMlflow.Run run =
            server.runs().stream()
                .filter(
                    r ->
                        r.tags
                            .get("sluice.model_version")
                            .equals(Integer.toString(version.version())))
                .findFirst()
                .orElseThrow();
        assertThat(run.metrics)
            .containsEntry("rmse", version.training().metrics().get("rmse"))
            .containsEntry("r2", version.training().metrics().get("r2"))
            .containsKeys("importance.x1", "importance.flag");
        assertThat(run.params).containsAllEntriesOf(version.training().params());
        assertThat(run.tags)
            .containsEntry("sluice.run_id", result.runId())
            .containsEntry("sluice.training_id", version.training().trainingId())
            .containsEntry(
                "mlflow.runName", version.training().algorithm() + " v" + version.version())
            .containsKey("sluice.snapshot.mlf_logged.points");
        assertThat(run.tags.containsKey("sluice.alias")).isEqualTo(!version.aliases().isEmpty());
        // the model's files: the pipeline's metadata and each stage, under model/
        String root = run.experimentId + "/" + run.runId + "/artifacts/model/";
        assertThat(server.artifacts().keySet())
            .anyMatch(path -> path.startsWith(root + "metadata/"))
            .anyMatch(path -> path.startsWith(root + "stages/"));
      }
      // every call was one the REST reference defines, and none was refused
      assertThat(server.calls())
          .allMatch(
              c ->
                  c.path().startsWith("/api/2.0/mlflow/experiments/get-by-name?")
                      || c.path().equals("/api/2.0/mlflow/experiments/create")
                      || c.path().equals("/api/2.0/mlflow/runs/create")
                      || c.path().equals("/api/2.0/mlflow/runs/log-batch")
                      || c.path().equals("/api/2.0/mlflow/runs/update")
                      || c.path().startsWith("/api/2.0/mlflow-artifacts/artifacts/"));
    }
  }

  @Test
  void aTrackingServerThatIsDownDoesNotFailTheTraining() {
    String url;
    try (TestingMlflow server = TestingMlflow.start(false)) {
      url = server.url(); // closed: nothing listens there any more
    }
    RunResult result = SharedSpark.run(pipeline("unlogged", url), Map.of());
    assertThat(result.step("mlf_unlogged.models").orElseThrow().status())
        .isEqualTo(RunStatus.SUCCEEDED);
    try (JdbcRunStore store = JdbcRunStore.open(SharedSpark.settings().runStore())) {
      assertThat(store.models().versions("unlogged")).hasSize(2);
      assertThat(
              store.log(result.runId(), "mlf_unlogged.models", 100).stream()
                  .filter(l -> l.text().startsWith("could not log to MLflow " + url))
                  .count())
          .isEqualTo(2);
    }
  }
}
