package io.sluice.ml.train;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.ml.Prediction;
import io.sluice.ml.ScoringOptions;
import io.sluice.ml.TextClassifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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
  private static final String[] SPECIAL = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
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
      int maxRows) {
    public static Settings defaults() {
      return new Settings(3, 1 << 20, 3, 0.2, 1e-6, 0.2, 42, 128, 0);
    }

    /** The same, reading at most {@code rows} labelled rows (0: all). */
    public Settings withMaxRows(int rows) {
      return new Settings(
          minCharCount, buckets, epochs, learningRate, l2, holdout, seed, maxLength, rows);
    }

    public Settings withEpochs(int value) {
      return new Settings(
          minCharCount, buckets, value, learningRate, l2, holdout, seed, maxLength, maxRows);
    }
  }

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

  private record Example(String text, int label) {}

  private SentimentTrainer() {}

  public static Report train(Path tsv, Path out, Settings settings, Consumer<String> progress)
      throws IOException {
    long started = System.nanoTime();
    List<Example> examples = new ArrayList<>();
    int skipped = read(tsv, examples);
    Collections.shuffle(examples, new Random(settings.seed()));
    if (settings.maxRows() > 0 && examples.size() > settings.maxRows()) {
      examples = new ArrayList<>(examples.subList(0, settings.maxRows()));
    }
    int heldOutCount = (int) Math.round(examples.size() * settings.holdout());
    List<Example> heldOut = examples.subList(0, heldOutCount);
    List<Example> training = examples.subList(heldOutCount, examples.size());
    progress.accept(
        String.format(
            Locale.ROOT,
            "read %,d labelled rows from %s (%,d skipped: empty text or a label other than 0/1);"
                + " training on %,d, holding out %,d",
            examples.size(),
            tsv,
            skipped,
            training.size(),
            heldOut.size()));

    Files.createDirectories(out);
    List<String> vocabulary = vocabulary(training, settings.minCharCount());
    Path tokenizerFile = out.resolve("tokenizer.json");
    writeTokenizer(tokenizerFile, vocabulary);
    progress.accept(
        String.format(
            Locale.ROOT, "vocabulary: %,d tokens -> %s", vocabulary.size(), tokenizerFile));

    int[][] trainIds;
    int[][] heldOutIds;
    try (HuggingFaceTokenizer tokenizer =
        io.sluice.ml.OnnxTextModel.tokenizer(tokenizerFile, settings.maxLength())) {
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
        "Korean sentiment (NSMC): logistic regression over character tokens and hashed token"
            + " pairs; trained by `sluice model train`";
    Files.write(modelFile, NgramGraph.model(unigram, bigram, (float) bias[0], description));

    writeConfig(out.resolve("config.json"), tsv, settings, null);

    // Held-out accuracy through the exported files, exactly as pipelines score.
    ScoringOptions options =
        ScoringOptions.defaults().withBatchSize(256).withPositiveLabel(LABELS[1]);
    List<Prediction> predictions;
    try (TextClassifier classifier = TextClassifier.open(out, options)) {
      predictions = classifier.classify(heldOut.stream().map(Example::text).toList());
    }
    int correct = 0;
    for (int i = 0; i < heldOut.size(); i++) {
      correct += predictions.get(i).label().equals(LABELS[heldOut.get(i).label()]) ? 1 : 0;
    }
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
    writeConfig(out.resolve("config.json"), tsv, settings, report);
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

  private static int read(Path tsv, List<Example> into) throws IOException {
    if (!Files.isRegularFile(tsv)) {
      throw new IOException(
          "No training file "
              + tsv
              + "; expected a TSV with a header and the columns id, document, label (NSMC)");
    }
    int skipped = 0;
    try (BufferedReader reader = Files.newBufferedReader(tsv, StandardCharsets.UTF_8)) {
      String header = reader.readLine();
      if (header == null || !header.startsWith("id\tdocument\tlabel")) {
        throw new IOException(
            tsv + ":1: expected the header 'id<TAB>document<TAB>label', found '" + header + "'");
      }
      String line;
      while ((line = reader.readLine()) != null) {
        String[] fields = line.split("\t", -1);
        if (fields.length != 3
            || fields[1].isBlank()
            || !(fields[2].equals("0") || fields[2].equals("1"))) {
          skipped++;
          continue;
        }
        into.add(new Example(fields[1], fields[2].charAt(0) - '0'));
      }
    }
    return skipped;
  }

  /** Special tokens, then each character seen at least {@code minCount} times, alone and ##. */
  private static List<String> vocabulary(List<Example> training, int minCount) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (Example e : training) {
      e.text()
          .toLowerCase(Locale.ROOT)
          .codePoints()
          .filter(c -> !Character.isWhitespace(c) && !Character.isISOControl(c))
          .forEach(c -> counts.merge(c, 1, Integer::sum));
    }
    List<Integer> kept =
        counts.entrySet().stream()
            .filter(e -> e.getValue() >= minCount)
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    List<String> vocabulary = new ArrayList<>(List.of(SPECIAL));
    for (int c : kept) {
      vocabulary.add(new String(Character.toChars(c)));
    }
    for (int c : kept) {
      vocabulary.add("##" + new String(Character.toChars(c)));
    }
    return vocabulary;
  }

  private static int[][] encode(HuggingFaceTokenizer tokenizer, List<Example> examples) {
    int[][] ids = new int[examples.size()][];
    int chunk = 4096;
    for (int start = 0; start < examples.size(); start += chunk) {
      List<Example> part = examples.subList(start, Math.min(examples.size(), start + chunk));
      long[][] encoded =
          io.sluice.ml.OnnxTextModel.tokenIds(
              tokenizer, part.stream().map(Example::text).toArray(String[]::new));
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

  private static void writeTokenizer(Path file, List<String> vocabulary) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < SPECIAL.length; i++) {
      added
          .addObject()
          .put("id", i)
          .put("content", SPECIAL[i])
          .put("single_word", false)
          .put("lstrip", false)
          .put("rstrip", false)
          .put("normalized", false)
          .put("special", true);
    }
    // lowercase without strip_accents: Hangul syllables stay whole (NFD would split them).
    root.putObject("normalizer")
        .put("type", "BertNormalizer")
        .put("clean_text", true)
        .put("handle_chinese_chars", true)
        .put("strip_accents", false)
        .put("lowercase", true);
    root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
    ObjectNode post = root.putObject("post_processor").put("type", "BertProcessing");
    post.putArray("sep").add("[SEP]").add(3);
    post.putArray("cls").add("[CLS]").add(2);
    root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
    ObjectNode model =
        root.putObject("model")
            .put("type", "WordPiece")
            .put("unk_token", "[UNK]")
            .put("continuing_subword_prefix", "##")
            .put("max_input_chars_per_word", 100);
    ObjectNode vocab = model.putObject("vocab");
    for (int i = 0; i < vocabulary.size(); i++) {
      vocab.put(vocabulary.get(i), i);
    }
    json.writeValue(file.toFile(), root);
  }

  private static int vocabularySize(Path tokenizer) throws IOException {
    return new ObjectMapper().readTree(tokenizer.toFile()).path("model").path("vocab").size();
  }

  private static void writeConfig(Path file, Path tsv, Settings settings, Report report)
      throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("architectures", List.of("SluiceNgramClassifier"));
    config.put("model_type", "sluice-ngram");
    config.put("id2label", Map.of("0", LABELS[0], "1", LABELS[1]));
    config.put("label2id", Map.of(LABELS[0], 0, LABELS[1], 1));
    config.put("vocab_size", vocabularySize(file.resolveSibling("tokenizer.json")));
    config.put("max_position_embeddings", settings.maxLength());
    Map<String, Object> sluice = new LinkedHashMap<>();
    sluice.put("trained_on", tsv.getFileName().toString());
    if (report != null) {
      sluice.put("train_rows", report.trainRows());
      sluice.put("held_out_rows", report.heldOutRows());
      sluice.put("held_out_accuracy", Math.round(report.accuracy() * 10_000) / 10_000.0);
      sluice.put("train_accuracy", Math.round(report.trainAccuracy() * 10_000) / 10_000.0);
    }
    sluice.put("bigram_buckets", settings.buckets());
    sluice.put("epochs", settings.epochs());
    sluice.put("seed", settings.seed());
    sluice.put(
        "reproduce",
        "./sluice model train --data ../shared/data/korean/nsmc_reconstructed_ratings_200k.tsv"
            + " --out "
            + Optional.ofNullable(file.getParent()).map(Path::toString).orElse("."));
    if (report != null) {
      config.put("sluice", sluice);
    }
    json.writeValue(file.toFile(), config);
  }
}
