package io.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code tracking:}, {@code metrics:} and {@code lineage:}: what they give and what they refuse.
 */
class OperationsSectionsTest {
  private static final String FILE =
      """
      pipeline: demo
      lake: ./lake
      sources:
        raw: { type: file, path: in.csv }
      datasets:
        bronze.events: { from: raw }
      """;

  private static PipelineSpec load(String sections) {
    return PipelineLoader.load(
        Path.of("p.yaml"), FILE + sections, new LoadRequest("local", Map.of(), k -> null));
  }

  private static List<String> problems(String sections) {
    try {
      load(sections);
      return List.of();
    } catch (ValidationException e) {
      return e.problems().stream()
          .map(p -> p.position().line() + ":" + p.code() + ":" + p.message())
          .toList();
    }
  }

  @Test
  void theSectionsGiveWhatTheySay() {
    PipelineSpec spec =
        load(
            """
            tracking: { mlflow: "http://mlflow:5000" }
            metrics: { pushgateway: "http://gateway:9091", job: etl }
            lineage: { transport: http, url: "http://marquez:5000", namespace: team }
            """);
    assertThat(spec.tracking().mlflow()).contains("http://mlflow:5000");
    assertThat(spec.metrics().pushgateway()).contains("http://gateway:9091");
    assertThat(spec.metrics().job()).isEqualTo("etl");
    assertThat(spec.lineage().url()).contains("http://marquez:5000");
    assertThat(spec.lineage().namespace()).isEqualTo("team");
    assertThat(spec.lineage().enabled()).isTrue();
    assertThat(load("").lineage().enabled()).isFalse();
  }

  @Test
  void urlsThatAreNotHttpAreRefusedAtTheirLine() {
    assertThat(
            problems(
                """
                tracking: { mlflow: "mlflow:5000" }
                metrics: { pushgateway: "gateway:9091" }
                lineage: { transport: http, url: "marquez:5000" }
                """))
        .containsExactly(
            "7:INVALID_VALUE:Cannot use 'mlflow:5000' as the MLflow tracking server",
            "8:INVALID_VALUE:Cannot push metrics to 'gateway:9091': it is not an http(s) URL",
            "9:INVALID_VALUE:Cannot send lineage over http to 'marquez:5000': it is not an"
                + " http(s) URL");
  }

  @Test
  void aTransportWithoutWhereToIsRefused() {
    assertThat(problems("lineage: { transport: http }\n"))
        .containsExactly(
            "7:MISSING_REQUIRED:Cannot send lineage over http without the server's url");
    assertThat(problems("lineage: { transport: file }\n"))
        .containsExactly("7:MISSING_REQUIRED:Cannot write lineage to a file without its path");
  }
}
