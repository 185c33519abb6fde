package io.sluice.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.sluice.cli.Main;
import io.sluice.ml.TextTokenizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Maple example's numbers, in one run:
 *
 * <ol>
 *   <li>scoring names/s through a pipeline (a {@code score:} dataset over the names, Spark
 *       local[*], the model once per JVM), vs a raw ONNX Runtime loop over the same model with the
 *       same batches on as many threads as cores (tokenized through DJL's {@code Encoding} API), vs
 *       the same loop reading only the token ids as the pipeline does, vs loading the model per
 *       record (the naive way, on a sample); and the same rows read and written by a SQL dataset
 *       without a model (the pipeline's own work);
 *   <li>end to end: the maple-nicknames pipeline on the full real name set, the simulator at 500
 *       requests/s (target: at most 5 minutes on 2 cores).
 * </ol>
 */
public final class MapleBench {
  private MapleBench() {}

  static final Path MODEL = Path.of("examples/maple-nicknames/models/korean-sentiment");
  static final Path NAMES = Path.of("../shared/data/maple/low_level_data.csv");

  public static void main(String[] args) throws Exception {
    boolean scoringOnly = false;
    boolean endToEndOnly = false;
    int naiveSample = 300;
    int copies = 10;
    int lmNames = 16_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--scoring-only" -> scoringOnly = true;
        case "--end-to-end-only" -> endToEndOnly = true;
        case "--copies" -> copies = Integer.parseInt(args[++i]);
        case "--lm-names" -> lmNames = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; use --scoring-only, --end-to-end-only, --copies N, --lm-names N, --rounds R");
      }
    }
    if (!Files.exists(NAMES)) {
      System.out.println(
          "Skipped: " + NAMES.toAbsolutePath() + " not found (the shared data folder)");
      return;
    }
    Path work = Files.createDirectories(Path.of("bench", "target", "maple"));
    int cores = Runtime.getRuntime().availableProcessors();
    if (!endToEndOnly) {
      List<String> unique = uniqueNames(NAMES);
      List<String> names = new ArrayList<>(unique.size() * copies);
      for (int c = 0; c < copies; c++) {
        names.addAll(unique);
      }
      System.out.printf(
          Locale.ROOT,
          "Scoring %,d names (%,d unique real names x %d), %d cores, model %s%n",
          names.size(),
          unique.size(),
          copies,
          cores,
          MODEL);
      Rates rates = alternating(work, names, MODEL, "text-classification", 256, cores);
      rates.print("target >= 95% by medians");
      double pipeline = max(rates.pipeline);
      double naive = naive(names.subList(0, naiveSample));
      System.out.printf(
          Locale.ROOT,
          "model loaded per record       %,10.1f names/s  (the naive way, %d names; pipeline is %,.0fx)%n",
          naive,
          naiveSample,
          pipeline / naive);

      // The same comparison with a real Hugging Face model, where the model's work dominates.
      Path minilm = extractMiniLm(work.resolve("minilm"));
      List<String> few = unique.subList(0, Math.min(unique.size(), lmNames));
      System.out.printf(
          Locale.ROOT,
          "Embedding %,d names with all-MiniLM-L6-v2 (6 layers, 384 wide)%n",
          few.size());
      alternating(work.resolve("lm"), few, minilm, "embedding", 64, cores)
          .print("target >= 95% by medians");
    }
    if (!scoringOnly) {
      endToEnd(work);
    }
  }

  static List<String> uniqueNames(Path file) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split(",", 3);
        if (f.length == 3 && !f[2].isEmpty()) {
          names.add(f[2]);
        }
      }
    }
    return new ArrayList<>(names);
  }

  /** Alternating rounds of pipeline and raw loop (--rounds). */
  static int rounds = 5;

  /**
   * Names/s of each round: the pipeline, the raw loop with DJL's {@code Encoding} API (what a
   * hand-written loop calls), the raw loop reading only the token ids (the pipeline's own
   * tokenization: the ratio to it is the pipeline's overhead alone).
   */
  static final class Rates {
    final double[] pipeline;
    final double[] raw;
    final double[] rawIds;
    final double[] rawJava;
    final double[] copies;

    Rates(double[] pipeline, double[] raw, double[] rawIds, double[] rawJava, double[] copies) {
      this.pipeline = pipeline;
      this.raw = raw;
      this.rawIds = rawIds;
      this.rawJava = rawJava;
      this.copies = copies;
    }

    void print(String target) {
      double best = max(pipeline);
      System.out.printf(Locale.ROOT, "pipeline (score: dataset)           %,10.0f names/s%n", best);
      line("raw ONNX Runtime loop (DJL Encoding)", raw, "");
      line("raw loop, native ids-only", rawIds, target);
      line("raw loop, the pipeline's tokenizer", rawJava, "the pipeline's own cost alone");
      if (copies.length > 0 && max(copies) > 0) {
        // On saturated cores the pipeline's own reading and writing adds to the scoring: the
        // best it could do is the loop with its tokenizer plus a model-free copy of the same rows.
        double bound = 1 / (1 / max(rawJava) + 1 / max(copies));
        System.out.printf(
            Locale.ROOT,
            "same rows read and written, no model %,10.0f rows/s  (a SQL dataset: the"
                + " pipeline's own work); the pipeline's-tokenizer loop + that = %,.0f names/s,"
                + " %.0f%% of that loop%n",
            max(copies),
            bound,
            100 * bound / max(rawJava));
      }
    }

    private void line(String name, double[] loop, String note) {
      System.out.printf(
          Locale.ROOT,
          "%-36s %,10.0f names/s  pipeline %.0f%% of it; medians of %d rounds %,.0f vs %,.0f ="
              + " %.0f%%%s%n",
          name,
          max(loop),
          100 * max(pipeline) / max(loop),
          loop.length,
          median(pipeline),
          median(loop),
          100 * median(pipeline) / median(loop),
          note.isEmpty() ? "" : " (" + note + ")");
    }
  }

  /**
   * The pipeline and both raw loops in alternating rounds (so that none gains from running later in
   * the JVM).
   */
  static Rates alternating(
      Path work, List<String> names, Path model, String task, int batch, int threads)
      throws Exception {
    pipelineScoring(work, names, model, task, batch, 0); // the input table, and a warm-up run
    double[] pipeline = new double[rounds];
    double[] raw = new double[rounds];
    double[] rawIds = new double[rounds];
    double[] rawJava = new double[rounds];
    boolean classify = !task.equals("embedding");
    double[] copies = new double[classify ? rounds : 0];
    for (int round = 1; round <= rounds; round++) {
      System.out.printf(Locale.ROOT, "  round %d%n", round);
      pipeline[round - 1] = pipelineScoring(work, names, model, task, batch, 1);
      raw[round - 1] = rawLoop(names, threads, batch, model, Tokens.ENCODING);
      rawIds[round - 1] = rawLoop(names, threads, batch, model, Tokens.NATIVE_IDS);
      rawJava[round - 1] = rawLoop(names, threads, batch, model, Tokens.PIPELINE);
      if (classify) {
        copies[round - 1] = pipelineStep(work, names, model, task, batch, 1, COPIES);
      }
    }
    return new Rates(pipeline, raw, rawIds, rawJava, copies);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(0);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** A two-dataset pipeline: the names from a CSV, then their scores; the score step's rate. */
  static double pipelineScoring(
      Path work, List<String> names, Path model, String task, int batch, int rounds)
      throws Exception {
    return pipelineStep(work, names, model, task, batch, rounds, SCORES);
  }

  static final String SCORES = "gold.name_scores";

  /** The same rows read and written with made-up scores by a SQL dataset: no model at all. */
  static final String COPIES = "gold.name_copies";

  /** Runs {@code step} of the bench pipeline {@code rounds} times; its best rows/s. */
  static double pipelineStep(
      Path work, List<String> names, Path model, String task, int batch, int rounds, String step)
      throws Exception {
    Files.createDirectories(work);
    Path csv = work.resolve("names.csv");
    if (rounds == 0) {
      Files.write(csv, names, StandardCharsets.UTF_8);
    }
    Path file = work.resolve("score-bench.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "pipeline: maple-score-bench",
            "lake: " + work.resolve("lake"),
            "run_store: jdbc:h2:file:" + work.resolve("runs").toAbsolutePath(),
            "sources:",
            "  names: { type: file, format: csv, header: false, path: "
                + csv
                + ", columns: { name: string } }",
            "datasets:",
            "  silver.names: { from: names, metadata: false }",
            "  gold.name_scores:",
            "    score: { input: silver.names, text: name, model: "
                + model.toAbsolutePath()
                + ", task: "
                + task
                + (task.equals("embedding") ? "" : ", positive_label: positive")
                + ", batch_size: "
                + batch
                + ", max_length: 16 }",
            "  " + COPIES + ":",
            "    sql: SELECT name, 'positive' AS label, rand(7) AS score, rand(8) AS signed_score"
                + " FROM silver.names",
            ""));
    Path summary = work.resolve("score-summary.json");
    if (rounds == 0
        && Main.execute("run", file.toString(), "--summary-json", summary.toString()) != Main.OK) {
      throw new IllegalStateException("the scoring pipeline failed");
    }
    double best = 0;
    for (int round = 1; round <= rounds; round++) {
      int code =
          Main.execute(
              "run", file.toString(), "--summary-json", summary.toString(), "--only", step);
      if (code != Main.OK) {
        throw new IllegalStateException("the scoring pipeline failed");
      }
      for (var done :
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(summary.toFile())
              .get("steps")) {
        if (done.get("name").asText().equals(step)) {
          double rate = done.get("rows_out").asLong() / done.get("seconds").asDouble();
          System.out.printf(
              Locale.ROOT,
              "  pipeline round %d: %,.0f %s/s%n",
              round,
              rate,
              step.equals(SCORES) ? "names" : "rows copied");
          best = Math.max(best, rate);
        }
      }
    }
    return best;
  }

  /** Tokenizer + OrtSession directly: length-sorted batches split over {@code threads}. */
  static Path extractMiniLm(Path folder) throws IOException {
    Files.createDirectories(folder);
    for (String[] file :
        new String[][] {
          {"all-minilm-l6-v2.onnx", "model.onnx"},
          {"all-minilm-l6-v2-tokenizer.json", "tokenizer.json"}
        }) {
      try (var in = MapleBench.class.getClassLoader().getResourceAsStream(file[0])) {
        Files.copy(in, folder.resolve(file[1]), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return folder;
  }

  /**
   * Tokenizer + OrtSession directly, one round: length-sorted batches split over {@code threads};
   * {@code tokens} says how texts become token ids.
   */
  static double rawLoop(List<String> names, int threads, int batch, Path model, Tokens tokens)
      throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (HuggingFaceTokenizer tokenizer =
            HuggingFaceTokenizer.newInstance(
                model.resolve("tokenizer.json"),
                Map.of("truncation", "true", "padding", "false", "maxLength", "16"));
        TextTokenizer pipelineTokenizer = TextTokenizer.open(model.resolve("tokenizer.json"), 16);
        OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      try (OrtSession session =
          env.createSession(model.resolve("model.onnx").toString(), options)) {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> parts = new ArrayList<>();
        int per = (names.size() + threads - 1) / threads;
        for (int t = 0; t < threads; t++) {
          List<String> part = names.subList(t * per, Math.min(names.size(), (t + 1) * per));
          parts.add(
              pool.submit(
                  () ->
                      scorePart(
                          env,
                          session,
                          tokenize(tokens, tokenizer, pipelineTokenizer),
                          part,
                          batch)));
        }
        long scored = 0;
        for (Future<Long> part : parts) {
          scored += part.get();
        }
        pool.shutdown();
        double rate = scored / ((System.nanoTime() - started) / 1e9);
        System.out.printf(Locale.ROOT, "  raw loop%s: %,.0f names/s%n", tokens.label, rate);
        return rate;
      }
    }
  }

  /** How a raw loop turns texts into token ids. */
  enum Tokens {
    /** DJL's {@code Encoding} objects, as a hand-written loop calls the tokenizer. */
    ENCODING(""),
    /** The native encodings' ids alone. */
    NATIVE_IDS(" (native ids only)"),
    /** The pipeline's tokenizer (Java WordPiece where it applies, native ids otherwise). */
    PIPELINE(" (the pipeline's tokenizer)");

    final String label;

    Tokens(String label) {
      this.label = label;
    }
  }

  private static java.util.function.Function<String[], long[][]> tokenize(
      Tokens tokens, HuggingFaceTokenizer tokenizer, TextTokenizer pipeline) {
    return switch (tokens) {
      case ENCODING ->
          texts -> {
            Encoding[] encodings = tokenizer.batchEncode(texts);
            long[][] ids = new long[encodings.length][];
            for (int i = 0; i < encodings.length; i++) {
              ids[i] = encodings[i].getIds();
            }
            return ids;
          };
      case NATIVE_IDS -> texts -> TextTokenizer.nativeIds(tokenizer, texts);
      case PIPELINE -> pipeline::ids;
    };
  }

  private static long scorePart(
      OrtEnvironment env,
      OrtSession session,
      java.util.function.Function<String[], long[][]> tokenize,
      List<String> names,
      int batch)
      throws Exception {
    long scored = 0;
    int chunk = Math.max(1_024, batch * 16);
    for (int start = 0; start < names.size(); start += chunk) {
      List<String> part = names.subList(start, Math.min(names.size(), start + chunk));
      long[][] encoded = tokenize.apply(part.toArray(String[]::new));
      Integer[] order = new Integer[encoded.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingInt(i -> encoded[i].length));
      for (int b = 0; b < order.length; b += batch) {
        int rows = Math.min(batch, order.length - b);
        int width = 0;
        for (int k = 0; k < rows; k++) {
          width = Math.max(width, encoded[order[b + k]].length);
        }
        LongBuffer ids = LongBuffer.allocate(rows * width);
        LongBuffer mask = LongBuffer.allocate(rows * width);
        for (int k = 0; k < rows; k++) {
          long[] row = encoded[order[b + k]];
          ids.put(k * width, row);
          for (int t = 0; t < row.length; t++) {
            mask.put(k * width + t, 1L);
          }
        }
        long[] shape = {rows, width};
        Map<String, OnnxTensor> inputs = new java.util.HashMap<>();
        inputs.put("input_ids", OnnxTensor.createTensor(env, ids, shape));
        inputs.put("attention_mask", OnnxTensor.createTensor(env, mask, shape));
        if (session.getInputNames().contains("token_type_ids")) {
          inputs.put(
              "token_type_ids",
              OnnxTensor.createTensor(env, LongBuffer.allocate(rows * width), shape));
        }
        try (OrtSession.Result result = session.run(inputs)) {
          Object value = result.get(0).getValue();
          if (value instanceof float[][] logits) {
            for (float[] l : logits) {
              double p = 1 / (1 + Math.exp(l[0] - l[1]));
              scored += p >= 0 ? 1 : 0;
            }
          } else {
            float[][][] hidden = (float[][][]) value; // mean-pool each text, as the pipeline does
            for (int k = 0; k < hidden.length; k++) {
              float[] sum = new float[hidden[k][0].length];
              int tokens = encoded[order[b + k]].length;
              for (int t = 0; t < tokens; t++) {
                for (int d = 0; d < sum.length; d++) {
                  sum[d] += hidden[k][t][d];
                }
              }
              scored += sum.length > 0 ? 1 : 0;
            }
          }
        } finally {
          inputs.values().forEach(OnnxTensor::close);
        }
      }
    }
    return scored;
  }

  /** A new tokenizer and session for every name, as code that loads the model per record does. */
  static double naive(List<String> names) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long started = System.nanoTime();
    for (String name : names) {
      try (HuggingFaceTokenizer tokenizer =
              HuggingFaceTokenizer.newInstance(MODEL.resolve("tokenizer.json"), Map.of());
          OrtSession session = env.createSession(MODEL.resolve("model.onnx").toString())) {
        Encoding e = tokenizer.encode(name);
        long[] shape = {1, e.getIds().length};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getIds()), shape);
            OnnxTensor mask =
                OnnxTensor.createTensor(env, LongBuffer.wrap(e.getAttentionMask()), shape);
            OrtSession.Result result =
                session.run(Map.of("input_ids", ids, "attention_mask", mask))) {
          result.get(0).getValue();
        }
      }
    }
    return names.size() / ((System.nanoTime() - started) / 1e9);
  }

  /** The example on every real name, the simulator at 500 requests/s. */
  static void endToEnd(Path work) throws Exception {
    Path summary = work.resolve("e2e-summary.json");
    Path lake = work.resolve("e2e-lake");
    BenchFiles.deleteRecursively(lake);
    System.out.println(
        "End to end: examples/maple-nicknames on every real name, simulator at 500 requests/s");
    long started = System.nanoTime();
    int code =
        Main.execute(
            "run",
            "examples/maple-nicknames/pipeline.yaml",
            "--param",
            "names=" + NAMES,
            "--param",
            "rate=500",
            "--param",
            "out=" + work.resolve("e2e-out"),
            "--lake",
            lake.toString(),
            "--run-store",
            "jdbc:h2:file:" + work.resolve("e2e-runs").toAbsolutePath(),
            "--summary-json",
            summary.toString());
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "end to end: %s in %.1f s (%.1f min; target <= 5 min), steps in %s%n",
        code == Main.OK ? "succeeded" : "FAILED",
        seconds,
        seconds / 60,
        summary);
  }
}
