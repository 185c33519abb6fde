package io.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spec.yaml.Position;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {
  private static final String FILE =
      """
      pipeline: demo
      lake: ./lake
      profiles:
        local: {}
        cluster:
          lake: LAKE
          catalog: jdbc
          catalog_uri: CATALOG
          run_store: RUNS
          spark:
            master: "spark://master:7077"
            deploy_mode: MODE
            package: s3a://bucket/sluice
      sources:
        raw: { type: file, path: in.csv }
      datasets:
        bronze.events: { from: raw }
      """;

  private static String file(String lake, String catalog, String runs, String mode) {
    return FILE.replace("LAKE", lake)
        .replace("CATALOG", catalog)
        .replace("RUNS", runs)
        .replace("MODE", mode);
  }

  private static final String OK_LAKE = "s3a://bucket/lake";
  private static final String OK_CATALOG = "jdbc:postgresql://db:5432/lake";
  private static final String OK_RUNS = "jdbc:postgresql://db:5432/runs";

  private static List<Problem> problems(String text, String profile) {
    try {
      PipelineLoader.load(Path.of("p.yaml"), text, new LoadRequest(profile, Map.of(), k -> null));
      return List.of();
    } catch (ValidationException e) {
      return e.problems();
    }
  }

  @Test
  void aClusterProfileCarriesItsDeployModeAndPackage() {
    EngineSettings settings =
        PipelineLoader.load(
                Path.of("p.yaml"),
                file(OK_LAKE, OK_CATALOG, OK_RUNS, "cluster"),
                new LoadRequest("cluster", Map.of(), k -> null))
            .settings();
    assertThat(settings.clusterMaster()).isTrue();
    assertThat(settings.deployMode()).isEqualTo("cluster");
    assertThat(settings.clusterDriver()).isTrue();
    assertThat(settings.sparkConf())
        .containsEntry(FormatOptions.DEPLOY_MODE_PROPERTY, "cluster")
        .containsEntry(FormatOptions.PACKAGE_PROPERTY, "s3a://bucket/sluice");
    // the same file's local profile: the local master, the driver here
    EngineSettings local =
        PipelineLoader.load(
                Path.of("p.yaml"),
                file(OK_LAKE, OK_CATALOG, OK_RUNS, "cluster"),
                new LoadRequest("local", Map.of(), k -> null))
            .settings();
    assertThat(local.clusterMaster()).isFalse();
    assertThat(local.deployMode()).isEqualTo("client");
  }

  @Test
  void whatTheClusterCannotReachIsRefusedWhereItIsSet() {
    List<Problem> problems =
        problems(file("./lake-on-laptop", "embedded", "jdbc:h2:file:./runs", "cluster"), "cluster");
    assertThat(problems)
        .extracting(Problem::position)
        .containsExactly(
            new Position("p.yaml", 6, 11),
            new Position("p.yaml", 8, 18),
            new Position("p.yaml", 9, 16));
    assertThat(problems.get(0).message())
        .isEqualTo(
            "Cannot keep the lake of the cluster of master 'spark://master:7077' in the local"
                + " folder './lake-on-laptop': the executors on other machines do not see it");
    assertThat(problems.get(0).hint()).contains("s3a://bucket/path").contains("file:/shared/path");
    assertThat(problems.get(1).message())
        .isEqualTo(
            "Cannot use the embedded jdbc catalog on the cluster of master 'spark://master:7077':"
                + " Sluice starts it on 127.0.0.1 of this machine, which the cluster cannot reach");
    assertThat(problems.get(2).message())
        .startsWith(
            "Cannot keep the runs of a driver on the cluster of master 'spark://master:7077' in"
                + " 'jdbc:h2:file:./runs': with deploy_mode cluster the driver reports to the run"
                + " store");
    // in client mode the driver is this process: a local run store is fine
    assertThat(problems(file(OK_LAKE, OK_CATALOG, "jdbc:h2:file:./runs", "client"), "cluster"))
        .isEmpty();
    assertThat(problems(file("hdfs://embedded/lake", "embedded", OK_RUNS, "client"), "cluster"))
        .extracting(Problem::message)
        .anyMatch(m -> m.contains("on the embedded HDFS: it listens on 127.0.0.1"));
    assertThat(problems(file("file:/mnt/shared/lake", OK_CATALOG, OK_RUNS, "cluster"), "cluster"))
        .isEmpty();
  }

  @Test
  void deployModesAreClientOrClusterAndClusterNeedsAClusterMaster() {
    Problem unknown = problems(file(OK_LAKE, OK_CATALOG, OK_RUNS, "remote"), "cluster").get(0);
    assertThat(unknown.position()).isEqualTo(new Position("p.yaml", 12, 20));
    assertThat(unknown.message())
        .isEqualTo("Unknown deploy mode 'remote': Spark's deploy modes are client and cluster");
    String local =
        file(OK_LAKE, OK_CATALOG, OK_RUNS, "cluster").replace("spark://master:7077", "local[2]");
    Problem noCluster = problems(local, "cluster").get(0);
    assertThat(noCluster.position()).isEqualTo(new Position("p.yaml", 11, 15));
    assertThat(noCluster.message())
        .isEqualTo(
            "Cannot run the driver in cluster deploy mode on master 'local[2]': a local master has"
                + " no cluster to run it on");
  }
}
