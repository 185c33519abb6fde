package io.sluice.ml;

import java.util.Optional;

/**
 * How a model runs: texts per ONNX Runtime call, intra-op threads of its session, the longest input
 * in tokens (longer texts are truncated), the label whose probability is signed positive, and
 * whether to ask for the CUDA execution provider.
 */
public record ScoringOptions(
    int batchSize, int threads, int maxLength, Optional<String> positiveLabel, boolean cuda) {
  public ScoringOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch_size must be at least 1, was " + batchSize);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    if (maxLength < 2) {
      throw new IllegalArgumentException("max_length must be at least 2, was " + maxLength);
    }
    positiveLabel = positiveLabel == null ? Optional.empty() : positiveLabel;
  }

  /** 64 texts a call, one thread, 128 tokens, no positive label, CPU. */
  public static ScoringOptions defaults() {
    return new ScoringOptions(64, 1, 128, Optional.empty(), false);
  }

  public ScoringOptions withThreads(int value) {
    return new ScoringOptions(batchSize, value, maxLength, positiveLabel, cuda);
  }

  public ScoringOptions withBatchSize(int value) {
    return new ScoringOptions(value, threads, maxLength, positiveLabel, cuda);
  }

  public ScoringOptions withPositiveLabel(String value) {
    return new ScoringOptions(batchSize, threads, maxLength, Optional.of(value), cuda);
  }

  /** The key under which a loaded model is shared in one JVM. */
  String cacheKey(String folder, String kind) {
    return kind + "|" + folder + "|" + threads + "|" + maxLength + "|" + cuda;
  }
}
