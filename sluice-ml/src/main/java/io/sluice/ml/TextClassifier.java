package io.sluice.ml;

import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Hugging Face text-classification model in ONNX (the {@code logits} output, labels from {@code
 * config.json}'s {@code id2label}), scored like the {@code text-classification} pipeline: softmax
 * over the logits, the most probable label and its probability.
 */
public final class TextClassifier extends OnnxTextModel {
  private final String[] labels;

  TextClassifier(Path folder, ScoringOptions options) {
    super(folder, options);
    this.labels = labels(folder);
    options
        .positiveLabel()
        .filter(p -> !Arrays.asList(labels).contains(p))
        .ifPresent(
            p -> {
              close();
              throw new ModelException(
                  "positive_label '"
                      + p
                      + "' is not a label of "
                      + folder
                      + "; its labels (config.json id2label): "
                      + String.join(", ", labels));
            });
  }

  /**
   * Loads the classifier in {@code folder} for the caller alone (not shared; close it). Pipelines
   * use {@link Models#classifier}, which shares one instance per JVM.
   */
  public static TextClassifier open(Path folder, ScoringOptions options) {
    return new TextClassifier(folder.toAbsolutePath().normalize(), options);
  }

  /** The labels by class index. */
  public List<String> labels() {
    return List.of(labels);
  }

  /** One prediction per text, in the order of {@code texts}. */
  public List<Prediction> classify(List<String> texts) {
    Prediction[] out = new Prediction[texts.size()];
    run(
        texts,
        (positions, lengths, result) -> {
          float[][] logits = logits(result.get(0));
          for (int k = 0; k < positions.length; k++) {
            out[positions[k]] = predict(logits[k]);
          }
        });
    return Arrays.asList(out);
  }

  private float[][] logits(OnnxValue value) throws OrtException {
    Object raw = value.getValue();
    if (!(raw instanceof float[][] logits)
        || logits.length == 0
        || logits[0].length != labels.length) {
      throw new ModelException(
          "The model "
              + folder()
              + " does not answer logits of shape [batch, "
              + labels.length
              + "] (one per label of config.json); is it a text-classification model?");
    }
    return logits;
  }

  private Prediction predict(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    double score = p[best] / sum;
    String label = labels[best];
    double signed =
        options().positiveLabel().map(pos -> pos.equals(label) ? score : -score).orElse(score);
    return new Prediction(label, score, signed);
  }

  private static String[] labels(Path folder) {
    Path config = folder.resolve(CONFIG_FILE);
    JsonNode id2label;
    try {
      id2label = new ObjectMapper().readTree(config.toFile()).path("id2label");
    } catch (IOException e) {
      throw new ModelException(
          "Cannot read "
              + config
              + " (a text-classification model needs config.json with id2label): "
              + e.getMessage(),
          e);
    }
    if (!id2label.isObject() || id2label.isEmpty()) {
      throw new ModelException(
          config + " has no id2label object; a text-classification model names its labels there");
    }
    Map<Integer, String> byId = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : id2label.properties()) {
      try {
        byId.put(Integer.parseInt(e.getKey()), e.getValue().asText());
      } catch (NumberFormatException bad) {
        throw new ModelException(
            config + ": id2label key '" + e.getKey() + "' is not a class number", bad);
      }
    }
    List<String> labels = new ArrayList<>(byId.values());
    for (int i = 0; i < labels.size(); i++) {
      if (!byId.containsKey(i)) {
        throw new ModelException(
            config + ": id2label must number its labels 0.." + (labels.size() - 1));
      }
    }
    return labels.toArray(String[]::new);
  }
}
