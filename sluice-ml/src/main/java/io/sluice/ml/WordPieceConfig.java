package io.sluice.ml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link WordPieceTokenizer} needs of a {@code tokenizer.json}: each part read by a method
 * that refuses (returns false for) anything it does not know exactly, so that an unknown pipeline
 * is left to the native tokenizer.
 */
final class WordPieceConfig {

  boolean cleanText;
  boolean chineseChars;
  boolean stripAccents;
  boolean lowercase;
  final Map<String, Integer> words = new HashMap<>();
  final Map<String, Integer> continuations = new HashMap<>();
  int longestPiece;
  int unknown;
  int maxWordChars;
  long[] prefix = new long[0];
  long[] suffix = new long[0];
  int maxLength;
  final List<String> addedTokens = new ArrayList<>();

  boolean normalizer(JsonNode n) {
    if (!"BertNormalizer".equals(n.path("type").asText())) {
      return false;
    }
    cleanText = n.path("clean_text").asBoolean(true);
    chineseChars = n.path("handle_chinese_chars").asBoolean(true);
    lowercase = n.path("lowercase").asBoolean(true);
    JsonNode strip = n.path("strip_accents");
    stripAccents = strip.isBoolean() ? strip.asBoolean() : lowercase;
    return true;
  }

  boolean model(JsonNode m) {
    if (!"WordPiece".equals(m.path("type").asText())
        || !m.path("vocab").isObject()
        || !m.path("continuing_subword_prefix").isTextual()) {
      return false;
    }
    String continuing = m.path("continuing_subword_prefix").asText();
    for (Map.Entry<String, JsonNode> e : m.path("vocab").properties()) {
      String piece = e.getKey();
      int id = e.getValue().asInt();
      words.put(piece, id);
      longestPiece = Math.max(longestPiece, piece.length());
      if (!continuing.isEmpty() && piece.startsWith(continuing)) {
        continuations.put(piece.substring(continuing.length()), id);
      }
    }
    if (continuing.isEmpty()) {
      continuations.putAll(words);
    }
    Integer unk = words.get(m.path("unk_token").asText());
    maxWordChars = m.path("max_input_chars_per_word").asInt(100);
    if (unk == null) {
      return false;
    }
    unknown = unk;
    return true;
  }

  boolean postProcessor(JsonNode p) {
    if (p.isMissingNode() || p.isNull()) {
      return true;
    }
    switch (p.path("type").asText()) {
      case "BertProcessing" -> {
        prefix = new long[] {p.path("cls").path(1).asLong()};
        suffix = new long[] {p.path("sep").path(1).asLong()};
        return p.path("cls").path(1).isIntegralNumber() && p.path("sep").path(1).isIntegralNumber();
      }
      case "TemplateProcessing" -> {
        return template(p.path("single"), p.path("special_tokens"));
      }
      default -> {
        return false;
      }
    }
  }

  /** A single-sequence template: special tokens of one id each around one sequence. */
  private boolean template(JsonNode single, JsonNode specials) {
    List<Long> before = new ArrayList<>();
    List<Long> after = new ArrayList<>();
    boolean sequence = false;
    for (JsonNode piece : single) {
      if (piece.has("Sequence")) {
        if (sequence) {
          return false;
        }
        sequence = true;
      } else if (piece.has("SpecialToken")) {
        JsonNode ids = specials.path(piece.path("SpecialToken").path("id").asText()).path("ids");
        if (ids.size() != 1 || !ids.get(0).isIntegralNumber()) {
          return false;
        }
        (sequence ? after : before).add(ids.get(0).asLong());
      } else {
        return false;
      }
    }
    prefix = before.stream().mapToLong(Long::longValue).toArray();
    suffix = after.stream().mapToLong(Long::longValue).toArray();
    return sequence;
  }

  boolean addedTokens(JsonNode added) {
    for (JsonNode token : added) {
      if (token.path("normalized").asBoolean(false)) {
        return false; // matched after normalization: not handled here
      }
      addedTokens.add(token.path("content").asText());
    }
    return true;
  }

  /** The configuration of {@code tokenizer}, truncating to {@code maxLength}; empty if refused. */
  static Optional<WordPieceConfig> read(JsonNode tokenizer, int maxLength) {
    WordPieceConfig c = new WordPieceConfig();
    if (!c.normalizer(tokenizer.path("normalizer"))
        || !"BertPreTokenizer".equals(tokenizer.path("pre_tokenizer").path("type").asText())
        || !c.model(tokenizer.path("model"))
        || !c.postProcessor(tokenizer.path("post_processor"))
        || !c.addedTokens(tokenizer.path("added_tokens"))
        || !rightOrNone(tokenizer.path("truncation"))
        || maxLength <= c.prefix.length + c.suffix.length) {
      return Optional.empty();
    }
    c.maxLength = maxLength;
    return Optional.of(c);
  }

  private static boolean rightOrNone(JsonNode truncation) {
    return truncation.isMissingNode()
        || truncation.isNull()
        || "Right".equals(truncation.path("direction").asText("Right"));
  }
}
