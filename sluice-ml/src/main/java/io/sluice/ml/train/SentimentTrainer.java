package io.sluice.ml.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sluice.ml.Prediction;
import io.sluice.ml.ScoringOptions;
import io.sluice.ml.TextClassifier;
import io.sluice.ml.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a sentiment classifier on labelled text (NSMC's {@code id, document, label} TSV) and
 * exports it as a Hugging Face style folder: {@code model.onnx}, {@code tokenizer.json} (a
 * character WordPiece vocabulary: every character seen often enough, alone and as a {@code ##}
 * continuation) and {@code config.json} with {@code id2label}. The model is logistic regression
 * over the tokens and hashed token pairs, trained with AdaGrad; scoring it runs exactly the path of
 * any Hugging Face text-classification model (tokenizer.json -> ONNX Runtime -> softmax).
 */
public final class SentimentTrainer {
  private static final String[] LABELS = {"negative", "positive"};

  /** Training settings; {@link #defaults()} reproduces the committed model. */
  public record Settings(
      int minCharCount,
      int buckets,
      int epochs,
      double learningRate,
      double l2,
      double holdout,
      long seed,
      int maxLength,
      int maxRows,
      TokenVocabulary.Tokens tokens,
      int maxWords,
      String reproduce) {
    /** The committed Korean model's settings: character tokens, 2^20 pair buckets. */
    public static Settings defaults() {
      return new Settings(
          3, 1 << 20, 3, 0.2, 1e-6, 0.2, 42, 128, 0, TokenVocabulary.Tokens.CHARS, 0, KOREAN);
    }

    /** The same, reading at most {@code rows} labelled rows (0: all). */
    public Settings withMaxRows(int rows) {
      return with(epochs, rows, buckets, maxLength, tokens, maxWords, reproduce);
    }

    public Settings withEpochs(int value) {
      return with(value, maxRows, buckets, maxLength, tokens, maxWords, reproduce);
    }

    /**
     * The same with up to {@code words} whole words in the vocabulary besides characters (0:
     * characters only), {@code pairBuckets} hashed token pairs and {@code length} tokens per text.
     */
    public Settings withWords(int words, int pairBuckets, int length) {
      TokenVocabulary.Tokens kind =
          words > 0 ? TokenVocabulary.Tokens.WORDS : TokenVocabulary.Tokens.CHARS;
      return with(epochs, maxRows, pairBuckets, length, kind, words, reproduce);
    }

    /** The same, recording {@code command} in config.json as the way to train the model again. */
    public Settings withReproduce(String command) {
      return with(epochs, maxRows, buckets, maxLength, tokens, maxWords, command);
    }

    private Settings with(
        int newEpochs,
        int newMaxRows,
        int newBuckets,
        int newMaxLength,
        TokenVocabulary.Tokens newTokens,
        int newMaxWords,
        String newReproduce) {
      return new Settings(
          minCharCount,
          newBuckets,
          newEpochs,
          learningRate,
          l2,
          holdout,
          seed,
          newMaxLength,
          newMaxRows,
          newTokens,
          newMaxWords,
          newReproduce);
    }
  }

  private static final String KOREAN =
      "./sluice model train --data ../shared/data/korean/nsmc_reconstructed_ratings_200k.tsv"
          + " --out examples/maple-nicknames/models/korean-sentiment";

  /** What training measured; {@code accuracy} is on the held-out rows, scored through ONNX. */
  public record Report(
      int trainRows,
      int heldOutRows,
      int skippedRows,
      int vocabulary,
      double trainAccuracy,
      double accuracy,
      double trainerAccuracy,
      double seconds,
      long modelBytes) {}

  private SentimentTrainer() {}

  /** Trains on NSMC's TSV. */
  public static Report train(Path tsv, Path out, Settings settings, Consumer<String> progress)
      throws IOException {
    return train(tsv, Optional.empty(), out, settings, progress);
  }

  /** Trains on {@code data}: NSMC's TSV, or records labelled by {@code ratings}. */
  public static Report train(
      Path data,
      Optional<TrainingData.Ratings> ratings,
      Path out,
      Settings settings,
      Consumer<String> progress)
      throws IOException {
    long started = System.nanoTime();
    Path tsv = data;
    TrainingData.Read read = TrainingData.read(data, ratings);
    List<TrainingData.Example> examples = new ArrayList<>(read.examples());
    int skipped = read.skipped();
    Collections.shuffle(examples, new Random(settings.seed()));
    if (settings.maxRows() > 0 && examples.size() > settings.maxRows()) {
      examples = new ArrayList<>(examples.subList(0, settings.maxRows()));
    }
    int heldOutCount = (int) Math.round(examples.size() * settings.holdout());
    List<TrainingData.Example> heldOut = examples.subList(0, heldOutCount);
    List<TrainingData.Example> training = examples.subList(heldOutCount, examples.size());
    progress.accept(
        String.format(
            Locale.ROOT,
            "read %,d labelled rows from %s, %s (%,d skipped: no text, or no label);"
                + " training on %,d, holding out %,d",
            examples.size(),
            tsv,
            read.labelling(),
            skipped,
            training.size(),
            heldOut.size()));

    Files.createDirectories(out);
    List<String> vocabulary =
        TokenVocabulary.of(
            training, settings.tokens(), settings.minCharCount(), settings.maxWords());
    Path tokenizerFile = out.resolve("tokenizer.json");
    TokenVocabulary.write(tokenizerFile, vocabulary);
    progress.accept(
        String.format(
            Locale.ROOT, "vocabulary: %,d tokens -> %s", vocabulary.size(), tokenizerFile));

    int[][] trainIds;
    int[][] heldOutIds;
    try (TextTokenizer tokenizer = TextTokenizer.open(tokenizerFile, settings.maxLength())) {
      trainIds = encode(tokenizer, training);
      heldOutIds = encode(tokenizer, heldOut);
    }

    int v = vocabulary.size();
    float[] unigram = new float[v];
    float[] bigram = new float[settings.buckets()];
    float[] unigramSquares = new float[v];
    float[] bigramSquares = new float[settings.buckets()];
    double[] bias = {0};
    double[] biasSquares = {1e-8};
    Random random = new Random(settings.seed());
    int[] order = new int[trainIds.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    double trainAccuracy = 0;
    for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
      shuffle(order, random);
      int correct = 0;
      double loss = 0;
      for (int i : order) {
        int[] ids = trainIds[i];
        int y = training.get(i).label();
        double z = score(ids, unigram, bigram, bias[0], v, settings.buckets());
        double p = 1 / (1 + Math.exp(-z));
        correct += (p >= 0.5) == (y == 1) ? 1 : 0;
        loss -= y == 1 ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12));
        double g = p - y;
        for (int t = 0; t < ids.length; t++) {
          update(unigram, unigramSquares, ids[t], g, settings);
          if (t > 0) {
            update(
                bigram,
                bigramSquares,
                NgramGraph.bucket(ids[t - 1], ids[t], v, settings.buckets()),
                g,
                settings);
          }
        }
        biasSquares[0] += g * g;
        bias[0] -= settings.learningRate() * g / Math.sqrt(biasSquares[0]);
      }
      trainAccuracy = (double) correct / order.length;
      progress.accept(
          String.format(
              Locale.ROOT,
              "epoch %d/%d: log loss %.4f, training accuracy %.2f%%",
              epoch,
              settings.epochs(),
              loss / order.length,
              100 * trainAccuracy));
    }

    int trainerCorrect = 0;
    for (int i = 0; i < heldOutIds.length; i++) {
      double z = score(heldOutIds[i], unigram, bigram, bias[0], v, settings.buckets());
      trainerCorrect += (z >= 0) == (heldOut.get(i).label() == 1) ? 1 : 0;
    }
    Path modelFile = out.resolve("model.onnx");
    String description =
        ratings.isEmpty()
            ? "Korean sentiment (NSMC): logistic regression over character tokens and hashed token"
                + " pairs; trained by `sluice model train`"
            : "Sentiment of "
                + read.labelling()
                + ": logistic regression over word and character tokens and hashed token pairs;"
                + " trained by `sluice model train`";
    Files.write(modelFile, NgramGraph.model(unigram, bigram, (float) bias[0], description));

    writeConfig(
        out.resolve("config.json"), tsv, settings, null, ratings.map(r -> read.labelling()));

    // Held-out accuracy through the exported files, exactly as pipelines score.
    ScoringOptions options =
        ScoringOptions.defaults().withBatchSize(256).withPositiveLabel(LABELS[1]);
    List<Prediction> predictions;
    try (TextClassifier classifier = TextClassifier.open(out, options)) {
      predictions = classifier.classify(heldOut.stream().map(TrainingData.Example::text).toList());
    }
    int correct = correct(heldOut, predictions);
    double accuracy = heldOut.isEmpty() ? Double.NaN : (double) correct / heldOut.size();
    double seconds = (System.nanoTime() - started) / 1e9;
    Report report =
        new Report(
            training.size(),
            heldOut.size(),
            skipped,
            v,
            trainAccuracy,
            accuracy,
            heldOut.isEmpty() ? Double.NaN : (double) trainerCorrect / heldOut.size(),
            seconds,
            Files.size(modelFile));
    writeConfig(
        out.resolve("config.json"), tsv, settings, report, ratings.map(r -> read.labelling()));
    progress.accept(
        String.format(
            Locale.ROOT,
            "held-out accuracy %.2f%% (%,d of %,d, scored through %s)",
            100 * accuracy,
            correct,
            heldOut.size(),
            modelFile));
    return report;
  }

  static double score(int[] ids, float[] unigram, float[] bigram, double bias, int v, int b) {
    double z = bias;
    for (int t = 0; t < ids.length; t++) {
      z += unigram[ids[t]];
      if (t > 0) {
        z += bigram[NgramGraph.bucket(ids[t - 1], ids[t], v, b)];
      }
    }
    return z;
  }

  private static void update(float[] weights, float[] squares, int index, double g, Settings s) {
    double gradient = g + s.l2() * weights[index];
    squares[index] += (float) (gradient * gradient);
    weights[index] -= (float) (s.learningRate() * gradient / Math.sqrt(squares[index] + 1e-8));
  }

  private static void shuffle(int[] order, Random random) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }

  private static int correct(List<TrainingData.Example> examples, List<Prediction> predictions) {
    int correct = 0;
    for (int i = 0; i < examples.size(); i++) {
      correct += predictions.get(i).label().equals(LABELS[examples.get(i).label()]) ? 1 : 0;
    }
    return correct;
  }

  /**
   * The accuracy of the model in {@code model} on {@code examples}, scored through its exported
   * files as pipelines score.
   */
  public static double accuracy(Path model, List<TrainingData.Example> examples)
      throws IOException {
    ScoringOptions options =
        ScoringOptions.defaults().withBatchSize(256).withPositiveLabel(LABELS[1]);
    try (TextClassifier classifier = TextClassifier.open(model, options)) {
      List<Prediction> predictions =
          classifier.classify(examples.stream().map(TrainingData.Example::text).toList());
      return examples.isEmpty()
          ? Double.NaN
          : (double) correct(examples, predictions) / examples.size();
    }
  }

  private static int[][] encode(TextTokenizer tokenizer, List<TrainingData.Example> examples) {
    int[][] ids = new int[examples.size()][];
    int chunk = 4096;
    for (int start = 0; start < examples.size(); start += chunk) {
      List<TrainingData.Example> part =
          examples.subList(start, Math.min(examples.size(), start + chunk));
      long[][] encoded =
          tokenizer.ids(part.stream().map(TrainingData.Example::text).toArray(String[]::new));
      for (int k = 0; k < encoded.length; k++) {
        long[] raw = encoded[k];
        int[] row = new int[raw.length];
        for (int t = 0; t < raw.length; t++) {
          row[t] = (int) raw[t];
        }
        ids[start + k] = row;
      }
    }
    return ids;
  }

  private static int vocabularySize(Path tokenizer) throws IOException {
    return new ObjectMapper().readTree(tokenizer.toFile()).path("model").path("vocab").size();
  }

  private static void writeConfig(
      Path file, Path tsv, Settings settings, Report report, Optional<String> labelling)
      throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architectures", List.of("SluiceNgramClassifier"));
    config.put("model_type", "sluice-ngram");
    // ordered maps: Map.of iterates in an order that changes from one JVM to the next
    Map<String, String> id2label = new LinkedHashMap<>();
    Map<String, Integer> label2id = new LinkedHashMap<>();
    for (int i = 0; i < LABELS.length; i++) {
      id2label.put(Integer.toString(i), LABELS[i]);
      label2id.put(LABELS[i], i);
    }
    config.put("id2label", id2label);
    config.put("label2id", label2id);
    config.put("vocab_size", vocabularySize(file.resolveSibling("tokenizer.json")));
    config.put("max_position_embeddings", settings.maxLength());
    Map<String, Object> sluice = new LinkedHashMap<>();
    sluice.put("trained_on", tsv.getFileName().toString());
    labelling.ifPresent(l -> sluice.put("labels", l));
    if (report != null) {
      sluice.put("train_rows", report.trainRows());
      sluice.put("held_out_rows", report.heldOutRows());
      sluice.put("held_out_accuracy", Math.round(report.accuracy() * 10_000) / 10_000.0);
      sluice.put("train_accuracy", Math.round(report.trainAccuracy() * 10_000) / 10_000.0);
    }
    sluice.put("bigram_buckets", settings.buckets());
    if (settings.maxWords() > 0) {
      sluice.put("max_words", settings.maxWords());
    }
    sluice.put("epochs", settings.epochs());
    sluice.put("seed", settings.seed());
    sluice.put("reproduce", settings.reproduce());
    if (report != null) {
      config.put("sluice", sluice);
    }
    json.writeValue(file.toFile(), config);
  }
}
