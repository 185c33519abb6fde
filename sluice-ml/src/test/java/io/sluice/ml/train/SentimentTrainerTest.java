package io.sluice.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.ml.Prediction;
import io.sluice.ml.ScoringOptions;
import io.sluice.ml.TextClassifier;
import io.sluice.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trains on part of NSMC and scores the export through ONNX Runtime like any HF model. */
class SentimentTrainerTest {
  @TempDir Path work;

  @Test
  void trainsAKoreanSentimentModelThatScoresThroughOnnx() throws IOException {
    Path nsmc = SharedData.require("korean/nsmc_reconstructed_ratings_200k.tsv");
    Path out = work.resolve("model");
    List<String> log = new ArrayList<>();
    SentimentTrainer.Report report =
        SentimentTrainer.train(
            nsmc,
            out,
            SentimentTrainer.Settings.defaults().withMaxRows(40_000).withEpochs(3),
            log::add);

    assertThat(report.trainRows()).isEqualTo(32_000);
    assertThat(report.heldOutRows()).isEqualTo(8_000);
    assertThat(report.accuracy()).isGreaterThan(0.75);
    // The exported graph computes what the trainer computed.
    assertThat(report.accuracy()).isCloseTo(report.trainerAccuracy(), within(0.002));
    assertThat(log).anyMatch(l -> l.startsWith("epoch 3/3"));
    assertThat(out.resolve("model.onnx")).isRegularFile();
    assertThat(out.resolve("tokenizer.json")).isRegularFile();
    assertThat(out.resolve("config.json")).content().contains("\"held_out_accuracy\"");

    try (TextClassifier model =
        TextClassifier.open(out, ScoringOptions.defaults().withPositiveLabel("positive"))) {
      assertThat(model.labels()).containsExactly("negative", "positive");
      List<Prediction> p = model.classify(List.of("정말 재미있고 감동적인 최고의 영화", "최악이다 돈 아깝고 지루한 쓰레기 영화"));
      assertThat(p.get(0).label()).isEqualTo("positive");
      assertThat(p.get(0).signedScore()).isGreaterThan(0.5);
      assertThat(p.get(1).label()).isEqualTo("negative");
      assertThat(p.get(1).signedScore()).isLessThan(-0.5);
      assertThat(p.get(1).score()).isCloseTo(-p.get(1).signedScore(), within(1e-12));
    }
  }
}
