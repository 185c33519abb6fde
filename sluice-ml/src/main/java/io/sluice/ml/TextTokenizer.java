package io.sluice.ml;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * A model's {@code tokenizer.json} as scoring and training use it: special tokens added, truncated
 * to a maximum length, not padded, token ids only. A BERT WordPiece tokenizer (the pipeline of
 * MiniLM, BERT and {@code sluice model train}'s models) is run in Java ({@link WordPieceTokenizer})
 * for every text it is sure to encode like the native library; the native Hugging Face tokenizer
 * takes the rest, and every text of any other tokenizer.
 */
public final class TextTokenizer implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final WordPieceTokenizer java;

  private TextTokenizer(HuggingFaceTokenizer tokenizer, WordPieceTokenizer java) {
    this.tokenizer = tokenizer;
    this.java = java;
  }

  /** Opens {@code tokenizerJson}; the Java path is used when its pipeline is BERT's WordPiece. */
  public static TextTokenizer open(Path tokenizerJson, int maxLength) throws IOException {
    HuggingFaceTokenizer tokenizer = huggingFace(tokenizerJson, maxLength);
    try {
      Optional<WordPieceTokenizer> java =
          WordPieceTokenizer.of(new ObjectMapper().readTree(tokenizerJson.toFile()), maxLength);
      return new TextTokenizer(tokenizer, java.orElse(null));
    } catch (IOException | RuntimeException e) {
      tokenizer.close();
      throw e;
    }
  }

  /**
   * The native tokenizer as models see it: special tokens added, truncated to {@code maxLength},
   * not padded (batches are padded to their longest member).
   */
  public static HuggingFaceTokenizer huggingFace(Path tokenizerJson, int maxLength)
      throws IOException {
    return HuggingFaceTokenizer.newInstance(
        tokenizerJson,
        Map.of(
            "addSpecialTokens", "true",
            "truncation", "true",
            "padding", "false",
            "maxLength", Integer.toString(maxLength)));
  }

  /** Whether texts are tokenized in Java (those it takes; see {@link WordPieceTokenizer}). */
  public boolean inJava() {
    return java != null;
  }

  /** The token ids of each text ({@code null} is the empty text). */
  public long[][] ids(String[] texts) {
    long[][] ids = new long[texts.length][];
    int[] rest = new int[texts.length];
    int others = 0;
    String[] left = new String[texts.length];
    for (int i = 0; i < texts.length; i++) {
      String text = texts[i] == null ? "" : texts[i];
      if (java != null && java.encodes(text)) {
        ids[i] = java.ids(text);
      } else {
        left[others] = text;
        rest[others++] = i;
      }
    }
    if (others > 0) {
      left = Arrays.copyOf(left, others);
      long[][] encoded = nativeIds(tokenizer, left);
      for (int k = 0; k < others; k++) {
        ids[rest[k]] = encoded[k];
      }
    }
    return ids;
  }

  /**
   * The token ids of each text from the native tokenizer. Reads only the ids from the native
   * encodings: DJL's {@code Encoding} also copies every token's string, offsets, word ids and masks
   * into Java objects, which costs more than the encoding itself on short texts (about half of the
   * time on two-character names).
   */
  public static long[][] nativeIds(HuggingFaceTokenizer tokenizer, String[] texts) {
    long[] handles = TokenizersLibrary.LIB.batchEncode(tokenizer.getHandle(), texts, true);
    long[][] ids = new long[handles.length][];
    try {
      for (int i = 0; i < handles.length; i++) {
        ids[i] = TokenizersLibrary.LIB.getTokenIds(handles[i]);
      }
    } finally {
      for (long handle : handles) {
        TokenizersLibrary.LIB.deleteEncoding(handle);
      }
    }
    return ids;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
