package io.sluice.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Hugging Face path: all-MiniLM-L6-v2's tokenizer.json and ONNX graph. */
class TextEmbedderTest {
  @TempDir static Path work;
  static Path folder;

  @BeforeAll
  static void extract() throws IOException {
    folder = MiniLmModel.extractTo(work.resolve("minilm"));
  }

  @Test
  void similarSentencesAreCloserThanUnrelatedOnes() {
    TextEmbedder model = Models.embedder(folder, ScoringOptions.defaults().withThreads(2));
    List<float[]> vectors =
        model.embed(
            List.of(
                "A man is playing a guitar.",
                "Someone plays an instrument.",
                "The stock market fell sharply today."));
    assertThat(vectors).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(384));
    assertThat(norm(vectors.get(0))).isCloseTo(1.0, within(1e-4));
    double related = dot(vectors.get(0), vectors.get(1));
    double unrelated = dot(vectors.get(0), vectors.get(2));
    assertThat(related).isGreaterThan(unrelated + 0.2);
  }

  @Test
  void batchingAndPaddingDoNotChangeAnEmbedding() {
    TextEmbedder model = Models.embedder(folder, ScoringOptions.defaults().withBatchSize(3));
    String text = "Sluice scores texts in length-sorted batches.";
    float[] alone = model.embed(List.of(text)).get(0);
    List<String> mixed =
        List.of(
            "short",
            "a considerably longer sentence that forces the batch to pad the shorter texts a lot",
            text,
            "",
            "mid-sized text here",
            "x");
    List<float[]> vectors = model.embed(mixed);
    assertThat(vectors).hasSize(6);
    assertThat(dot(vectors.get(2), alone)).isCloseTo(1.0, within(1e-4));
    assertThat(dot(model.embed(List.of("short")).get(0), vectors.get(0)))
        .isCloseTo(1.0, within(1e-4));
  }

  @Test
  void askingForCudaWhereThereIsNoneScoresOnTheCpuWithTheSameResults() {
    String text = "Sluice scores texts in length-sorted batches.";
    float[] cpu = Models.embedder(folder, ScoringOptions.defaults()).embed(List.of(text)).get(0);
    ScoringOptions cuda = new ScoringOptions(64, 1, 128, java.util.Optional.empty(), true);
    TextEmbedder model = Models.embedder(folder, cuda);
    // this project's ONNX Runtime jar has no CUDA provider: the load warns and runs on the CPU
    assertThat(model.provider()).isIn("CPU", "CUDA");
    assertThat(dot(model.embed(List.of(text)).get(0), cpu)).isCloseTo(1.0, within(1e-4));
  }

  @Test
  void theModelIsLoadedOncePerJvmAndSettings() {
    ScoringOptions options = ScoringOptions.defaults().withThreads(1).withBatchSize(7);
    TextEmbedder first = Models.embedder(folder, options);
    int loads = Models.loads();
    TextEmbedder again = Models.embedder(folder, options.withBatchSize(7));
    assertThat(again).isSameAs(first);
    assertThat(Models.loads()).isEqualTo(loads);
  }

  @Test
  void aFolderWithoutTheModelSaysWhatIsMissing() throws IOException {
    Path empty = Files.createDirectories(work.resolve("empty"));
    assertThatThrownBy(() -> Models.embedder(empty, ScoringOptions.defaults()))
        .isInstanceOf(ModelException.class)
        .hasMessageContaining("has no model.onnx")
        .hasMessageContaining(empty.toString());
  }

  private static double dot(float[] a, float[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double norm(float[] a) {
    return Math.sqrt(dot(a, a));
  }
}
