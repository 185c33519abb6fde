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

  @Test
  void theCommittedKoreanModelIsReproducedByteForByte() throws IOException {
    Path nsmc = SharedData.require("korean/nsmc_reconstructed_ratings_200k.tsv");
    Path committed =
        io.sluice.testing.RepositoryFiles.resolve(
            "examples/maple-nicknames/models/korean-sentiment");
    Path out = work.resolve("korean-sentiment");
    SentimentTrainer.train(nsmc, out, SentimentTrainer.Settings.defaults(), line -> {});
    for (String file : List.of("model.onnx", "tokenizer.json", "config.json")) {
      assertThat(java.nio.file.Files.readAllBytes(out.resolve(file)))
          .as(file)
          .isEqualTo(java.nio.file.Files.readAllBytes(committed.resolve(file)));
    }
  }

  @Test
  void trainsAnEnglishModelOnRatedRecordsWithWordTokens() throws IOException {
    Path reviews = work.resolve("reviews.jsonl");
    StringBuilder lines = new StringBuilder();
    String[] good = {"great", "wonderful", "loved", "brilliant", "superb", "moving"};
    String[] bad = {"awful", "boring", "terrible", "waste", "dull", "worst"};
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 4_000; i++) {
      int rating = 1 + random.nextInt(10);
      String[] words = rating >= 6 ? good : bad;
      lines.append(
          String.format(
              "{\"text\": \"The film was %s and %s, the cast %s.\", \"stars\": \"%d\"}%n",
              words[random.nextInt(6)],
              words[random.nextInt(6)],
              words[random.nextInt(6)],
              rating));
    }
    lines.append("{\"text\": \"no rating here\", \"stars\": null}\n");
    java.nio.file.Files.writeString(reviews, lines);
    Path out = work.resolve("english");
    SentimentTrainer.Report report =
        SentimentTrainer.train(
            reviews,
            java.util.Optional.of(TrainingData.Ratings.reviews("text", "stars")),
            out,
            SentimentTrainer.Settings.defaults().withWords(1_000, 1 << 12, 64),
            line -> {});
    // 7-10 positive, 1-4 negative; 5, 6 and the record without a rating are left out
    assertThat(report.trainRows() + report.heldOutRows()).isBetween(3_000, 3_400);
    assertThat(report.skippedRows()).isBetween(600, 1_000);
    assertThat(report.accuracy()).isGreaterThan(0.95);
    assertThat(out.resolve("tokenizer.json")).content().contains("\"wonderful\"");
    assertThat(out.resolve("config.json"))
        .content()
        .contains("text labelled by stars (>= 7 positive, <= 4 negative)");
    assertThat(
            SentimentTrainer.accuracy(
                out, List.of(new TrainingData.Example("A wonderful, moving film", 1))))
        .isEqualTo(1.0);
  }

  @Test
  void recordsWithoutTheirFieldsNamedAreRefusedWithTheFileNamed() throws IOException {
    Path reviews = work.resolve("reviews.jsonl");
    java.nio.file.Files.writeString(reviews, "{\"text\": \"fine\", \"stars\": 8}\nnot json\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> TrainingData.read(reviews, java.util.Optional.empty()))
        .hasMessageContaining("--text FIELD --rating FIELD");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                TrainingData.read(
                    reviews, java.util.Optional.of(TrainingData.Ratings.reviews("text", "stars"))))
        .hasMessageContaining(reviews + ":2: not a JSON record");
  }
}
