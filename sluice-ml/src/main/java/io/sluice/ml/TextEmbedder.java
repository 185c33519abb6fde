package io.sluice.ml;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A sentence-embedding model in ONNX (such as sentence-transformers' all-MiniLM-L6-v2): the mean of
 * its {@code last_hidden_state} over the text's tokens, scaled to length 1, as
 * sentence-transformers computes it.
 */
public final class TextEmbedder extends OnnxTextModel {
  TextEmbedder(Path folder, ScoringOptions options) {
    super(folder, options);
  }

  /** One unit-length vector per text, in the order of {@code texts}. */
  public List<float[]> embed(List<String> texts) {
    float[][] out = new float[texts.size()][];
    run(
        texts,
        (positions, lengths, result) -> {
          Object raw = result.get(0).getValue();
          if (!(raw instanceof float[][][] hidden)) {
            throw new ModelException(
                "The model "
                    + folder()
                    + " does not answer token states [batch, tokens, width]; is it an embedding"
                    + " model?");
          }
          for (int k = 0; k < positions.length; k++) {
            out[positions[k]] = meanPool(hidden[k], lengths[k]);
          }
        });
    return Arrays.asList(out);
  }

  /** The mean of the first {@code count} token states (the text's own, not the padding). */
  static float[] meanPool(float[][] tokens, int count) {
    float[] sum = new float[tokens[0].length];
    for (int t = 0; t < count; t++) {
      for (int d = 0; d < sum.length; d++) {
        sum[d] += tokens[t][d];
      }
    }
    double norm = 0;
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= Math.max(1, count);
      norm += sum[d] * sum[d];
    }
    double scale = norm == 0 ? 1 : 1 / Math.sqrt(norm);
    for (int d = 0; d < sum.length; d++) {
      sum[d] = (float) (sum[d] * scale);
    }
    return sum;
  }
}
