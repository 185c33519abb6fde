package io.sluice.ml;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * A Hugging Face model exported to ONNX: a folder with {@code model.onnx} and {@code
 * tokenizer.json} (and {@code config.json} for classifiers). One instance holds one ONNX Runtime
 * session, which is safe to call from many threads at once; {@link Models} shares one instance per
 * JVM. Texts are tokenized, sorted by token count and run in batches padded to their longest
 * member, so short texts do not pay for long ones.
 */
public abstract class OnnxTextModel implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OnnxTextModel.class.getName());

  static final String MODEL_FILE = "model.onnx";
  static final String TOKENIZER_FILE = "tokenizer.json";
  static final String CONFIG_FILE = "config.json";

  private final Path folder;
  private final ScoringOptions options;
  private final TextTokenizer tokenizer;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final Set<String> inputNames;
  private final String provider;

  OnnxTextModel(Path folder, ScoringOptions options) {
    this.folder = folder;
    this.options = options;
    Path model = required(folder, MODEL_FILE);
    Path tokenizerFile = required(folder, TOKENIZER_FILE);
    try {
      this.tokenizer = TextTokenizer.open(tokenizerFile, options.maxLength());
    } catch (IOException | RuntimeException e) {
      throw new ModelException(
          "Cannot read the tokenizer " + tokenizerFile + ": " + e.getMessage(), e);
    }
    this.environment = OrtEnvironment.getEnvironment();
    String chosen = "CPU";
    try (OrtSession.SessionOptions session = new OrtSession.SessionOptions()) {
      session.setIntraOpNumThreads(options.threads());
      session.setInterOpNumThreads(1);
      session.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      if (options.cuda()) {
        try {
          session.addCUDA();
          chosen = "CUDA";
        } catch (OrtException | RuntimeException e) {
          LOG.warning(
              "The CUDA provider was asked for but is not available ("
                  + e.getMessage()
                  + "); scoring "
                  + folder
                  + " on the CPU");
        }
      }
      this.session = environment.createSession(model.toString(), session);
    } catch (OrtException e) {
      tokenizer.close();
      throw new ModelException("Cannot load the ONNX model " + model + ": " + e.getMessage(), e);
    }
    this.provider = chosen;
    this.inputNames = session.getInputNames();
    if (!inputNames.contains("input_ids")) {
      close();
      throw new ModelException(
          "The ONNX model "
              + model
              + " has no input named input_ids (its inputs: "
              + inputNames
              + "); export it with Hugging Face Optimum or `sluice model train`");
    }
  }

  private static Path required(Path folder, String file) {
    Path path = folder.resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new ModelException(
          "The model folder "
              + folder
              + " has no "
              + file
              + "; a model folder holds model.onnx, tokenizer.json and config.json (as Hugging"
              + " Face Optimum exports them)");
    }
    return path;
  }

  Path folder() {
    return folder;
  }

  ScoringOptions options() {
    return options;
  }

  /** "CPU" or "CUDA". */
  public String provider() {
    return provider;
  }

  /**
   * Runs {@code texts} through the model in length-sorted batches and gives each batch's output
   * with the positions of its texts in {@code texts} and their token counts (every token of an
   * unpadded text is attended to; the batch pads after them).
   */
  final void run(List<String> texts, BatchConsumer consumer) {
    if (texts.isEmpty()) {
      return;
    }
    long[][] encoded = tokenizer.ids(texts.toArray(String[]::new)); // null: the empty text
    int[] order = byLength(encoded);
    for (int start = 0; start < order.length; start += options.batchSize()) {
      int end = Math.min(order.length, start + options.batchSize());
      int[] positions = new int[end - start];
      long[][] ids = new long[positions.length][];
      int[] lengths = new int[positions.length];
      for (int k = 0; k < positions.length; k++) {
        positions[k] = order[start + k];
        ids[k] = encoded[positions[k]];
        lengths[k] = ids[k].length;
      }
      try (OrtSession.Result result = runBatch(ids)) {
        consumer.accept(positions, lengths, result);
      } catch (OrtException e) {
        throw new ModelException(
            "The model "
                + folder
                + " failed on a batch of "
                + positions.length
                + ": "
                + e.getMessage(),
            e);
      }
    }
  }

  /**
   * The positions of {@code encoded} ordered by token count, shortest first, equal counts in their
   * original order (a counting sort: counts are at most the tokenizer's maximum length).
   */
  static int[] byLength(long[][] encoded) {
    int longest = 0;
    for (long[] ids : encoded) {
      longest = Math.max(longest, ids.length);
    }
    int[] starts = new int[longest + 2];
    for (long[] ids : encoded) {
      starts[ids.length + 1]++;
    }
    for (int length = 1; length < starts.length; length++) {
      starts[length] += starts[length - 1];
    }
    int[] order = new int[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      order[starts[encoded[i].length]++] = i;
    }
    return order;
  }

  /** Receives the output of one batch. */
  interface BatchConsumer {
    void accept(int[] positions, int[] lengths, OrtSession.Result result) throws OrtException;
  }

  private OrtSession.Result runBatch(long[][] ids) throws OrtException {
    int rows = ids.length;
    int width = 0;
    for (long[] row : ids) {
      width = Math.max(width, row.length);
    }
    long[] shape = {rows, width};
    LongBuffer idBuffer = LongBuffer.allocate(rows * width);
    LongBuffer maskBuffer = LongBuffer.allocate(rows * width);
    for (int r = 0; r < rows; r++) {
      idBuffer.put(r * width, ids[r]);
      for (int t = 0; t < ids[r].length; t++) {
        maskBuffer.put(r * width + t, 1L);
      }
    }
    Map<String, OnnxTensor> inputs = new HashMap<>();
    List<OnnxTensor> created = new ArrayList<>();
    try {
      created.add(put(inputs, "input_ids", idBuffer, shape));
      if (inputNames.contains("attention_mask")) {
        created.add(put(inputs, "attention_mask", maskBuffer, shape));
      }
      if (inputNames.contains("token_type_ids")) {
        created.add(put(inputs, "token_type_ids", LongBuffer.allocate(rows * width), shape));
      }
      return session.run(inputs);
    } finally {
      created.forEach(OnnxTensor::close);
    }
  }

  private OnnxTensor put(Map<String, OnnxTensor> inputs, String name, LongBuffer data, long[] shape)
      throws OrtException {
    OnnxTensor tensor = OnnxTensor.createTensor(environment, data, shape);
    inputs.put(name, tensor);
    return tensor;
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warning("Cannot close the ONNX session of " + folder + ": " + e.getMessage());
    }
    tokenizer.close();
  }
}
