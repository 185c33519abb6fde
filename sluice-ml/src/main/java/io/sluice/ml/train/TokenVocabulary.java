package io.sluice.ml.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tokens of a trained model, written as a WordPiece {@code tokenizer.json} (BERT's normalizer
 * and pre-tokenizer): every character seen often enough, alone and as a {@code ##} continuation,
 * and with {@link Tokens#WORDS} also the most frequent whole words, which WordPiece's longest match
 * takes before it falls back to characters. Characters suit Korean, whose syllables carry meaning;
 * words suit English.
 */
final class TokenVocabulary {
  static final String[] SPECIAL = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};

  /** What the vocabulary holds beyond characters. */
  enum Tokens {
    CHARS,
    WORDS
  }

  private TokenVocabulary() {}

  /** The vocabulary of {@code training}: special tokens, characters, then (WORDS) words. */
  static List<String> of(
      List<TrainingData.Example> training, Tokens tokens, int minCount, int maxWords) {
    List<String> vocabulary = characters(training, minCount);
    if (tokens == Tokens.WORDS) {
      vocabulary.addAll(words(training, minCount, maxWords, new java.util.HashSet<>(vocabulary)));
    }
    return vocabulary;
  }

  /**
   * The {@code max} most frequent words seen at least {@code minCount} times (lower case, split
   * where BERT's pre-tokenizer splits: spaces and punctuation), longer than one character.
   */
  private static List<String> words(
      List<TrainingData.Example> training, int minCount, int max, java.util.Set<String> taken) {
    Map<String, Integer> counts = new HashMap<>();
    for (TrainingData.Example e : training) {
      for (String word : e.text().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (word.length() > 1) {
          counts.merge(word, 1, Integer::sum);
        }
      }
    }
    return counts.entrySet().stream()
        .filter(e -> e.getValue() >= minCount && !taken.contains(e.getKey()))
        .sorted(
            Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(max)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Special tokens, then each character seen at least {@code minCount} times, alone and ##. */
  private static List<String> characters(List<TrainingData.Example> training, int minCount) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (TrainingData.Example e : training) {
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

  static void write(Path file, List<String> vocabulary) throws IOException {
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
}
