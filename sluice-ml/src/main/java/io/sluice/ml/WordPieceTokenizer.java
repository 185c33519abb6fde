package io.sluice.ml;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * BERT's tokenization (Hugging Face's {@code BertNormalizer}, {@code BertPreTokenizer}, {@code
 * WordPiece} model and {@code BertProcessing} or the equivalent {@code TemplateProcessing}) in
 * Java, giving the token ids the native tokenizer gives with special tokens added and right
 * truncation.
 *
 * <p>On short texts the native library's cost is mostly per call: every text becomes a Rust {@code
 * Encoding} with token strings, offsets and masks, then a handle that Java reads and frees with two
 * more JNI calls. This class computes the ids alone. It takes only texts it is sure to encode
 * alike: {@link #encodes} refuses a text with an unassigned character or one outside the Unicode
 * blocks whose properties (white space, control, punctuation, case, decomposition) Java and the
 * native library's tables agree on, checked code point by code point in WordPieceTokenizerTest, or
 * with an added token's content (matched on the raw text before normalization); {@link
 * TextTokenizer} sends those to the native library.
 */
public final class WordPieceTokenizer {
  /**
   * The blocks taken, as inclusive code point ranges: Latin, Greek and Cyrillic; Hangul jamo;
   * general punctuation; CJK symbols, kana; compatibility jamo; CJK ideographs (extension A and the
   * unified block as assigned before Unicode 10); Hangul syllables; half- and full-width forms.
   */
  private static final int[][] BLOCKS = {
    {0x0000, 0x0527},
    {0x1100, 0x11FF},
    {0x2000, 0x2064},
    {0x3000, 0x30FF},
    {0x3131, 0x318E},
    {0x3400, 0x4DB5},
    {0x4E00, 0x9FD5},
    {0xAC00, 0xD7A3},
    {0xFF01, 0xFFEE}
  };

  private final boolean cleanText;
  private final boolean chineseChars;
  private final boolean stripAccents;
  private final boolean lowercase;
  private final Map<String, Integer> words;
  private final Map<String, Integer> continuations;
  private final int longestPiece;
  private final int unknown;
  private final int maxWordChars;
  private final long[] prefix;
  private final long[] suffix;
  private final int maxLength;
  private final String[] addedTokens;

  private WordPieceTokenizer(WordPieceConfig b) {
    this.cleanText = b.cleanText;
    this.chineseChars = b.chineseChars;
    this.stripAccents = b.stripAccents;
    this.lowercase = b.lowercase;
    this.words = b.words;
    this.continuations = b.continuations;
    this.longestPiece = b.longestPiece;
    this.unknown = b.unknown;
    this.maxWordChars = b.maxWordChars;
    this.prefix = b.prefix;
    this.suffix = b.suffix;
    this.maxLength = b.maxLength;
    this.addedTokens = b.addedTokens.toArray(String[]::new);
  }

  /**
   * The Java tokenizer for {@code tokenizer} (a parsed {@code tokenizer.json}) truncating to {@code
   * maxLength} ids, or empty when its pipeline is not exactly BERT's WordPiece (then the native
   * tokenizer does all the work).
   */
  public static Optional<WordPieceTokenizer> of(JsonNode tokenizer, int maxLength) {
    return WordPieceConfig.read(tokenizer, maxLength).map(WordPieceTokenizer::new);
  }

  /** Whether {@link #ids} gives exactly the native tokenizer's ids for {@code text}. */
  public boolean encodes(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!taken(text.charAt(i))) {
        return false;
      }
    }
    for (String token : addedTokens) {
      if (text.contains(token)) {
        return false;
      }
    }
    return true;
  }

  static boolean taken(int c) {
    for (int[] block : BLOCKS) {
      if (c < block[0]) {
        return false;
      }
      if (c <= block[1]) {
        return Character.getType(c) != Character.UNASSIGNED;
      }
    }
    return false;
  }

  /** The ids of {@code text}: special tokens added, truncated to the maximum length. */
  public long[] ids(String text) {
    String normalized = normalize(text);
    int room = maxLength - prefix.length - suffix.length;
    long[] out = new long[Math.min(maxLength, prefix.length + suffix.length + normalized.length())];
    System.arraycopy(prefix, 0, out, 0, prefix.length);
    int n = prefix.length;
    int limit = prefix.length + room;
    int start = -1;
    for (int i = 0; i <= normalized.length() && n < limit; i++) {
      char c = i < normalized.length() ? normalized.charAt(i) : ' ';
      boolean space = whitespace(c);
      boolean punctuation = !space && punctuation(c);
      if (space || punctuation) {
        if (start >= 0) {
          n = word(normalized, start, i, out, n, limit);
          start = -1;
        }
        if (punctuation && n < limit) {
          n = word(normalized, i, i + 1, out, n, limit);
        }
      } else if (start < 0) {
        start = i;
      }
    }
    System.arraycopy(suffix, 0, out, n, suffix.length);
    n += suffix.length;
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  /** WordPiece on {@code s[from, to)}: the longest vocabulary match, then {@code ##} pieces. */
  private int word(String s, int from, int to, long[] out, int n, int limit) {
    if (to - from > maxWordChars) {
      out[n] = unknown;
      return n + 1;
    }
    int first = n;
    int start = from;
    while (start < to) {
      Map<String, Integer> vocabulary = start == from ? words : continuations;
      Integer id = null;
      int end = Math.min(to, start + longestPiece);
      while (start < end) {
        id = vocabulary.get(s.substring(start, end));
        if (id != null) {
          break;
        }
        end--;
      }
      if (id == null) {
        out[first] = unknown;
        return first + 1;
      }
      if (n < out.length) {
        out[n] = id;
      }
      n++;
      start = end;
    }
    return Math.min(n, limit);
  }

  private String normalize(String text) {
    StringBuilder s = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (cleanText) {
        if (c == 0 || c == 0xFFFD || control(c)) {
          continue;
        }
        if (whitespace(c)) {
          c = ' ';
        }
      }
      if (chineseChars && chinese(c)) {
        s.append(' ').append(c).append(' ');
      } else {
        s.append(c);
      }
    }
    String result = s.toString();
    if (stripAccents && !ascii(result)) {
      String decomposed = Normalizer.normalize(result, Normalizer.Form.NFD);
      s.setLength(0);
      for (int i = 0; i < decomposed.length(); i++) {
        char c = decomposed.charAt(i);
        if (Character.getType(c) != Character.NON_SPACING_MARK) {
          s.append(c);
        }
      }
      result = s.toString();
    }
    if (lowercase) {
      s.setLength(0);
      for (int i = 0; i < result.length(); i++) {
        char c = result.charAt(i);
        if (c == '\u0130') {
          s.append("i\u0307"); // the one unconditional lowercase mapping to two characters
        } else {
          s.append(Character.toLowerCase(c));
        }
      }
      result = s.toString();
    }
    return result;
  }

  private static boolean ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Unicode's White_Space property (Rust's {@code char::is_whitespace}). */
  static boolean whitespace(char c) {
    return c == ' '
        || (c >= 0x09 && c <= 0x0D)
        || c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  /**
   * The Other categories the native library removes (Cc, Cf, Co, Cs; not Cn, whose code points
   * {@link #encodes} refuses) except tab, line feed and carriage return.
   */
  private static boolean control(char c) {
    if (c == '\t' || c == '\n' || c == '\r') {
      return false;
    }
    int type = Character.getType(c);
    return type == Character.CONTROL
        || type == Character.FORMAT
        || type == Character.PRIVATE_USE
        || type == Character.SURROGATE;
  }

  private static boolean chinese(char c) {
    return (c >= 0x4E00 && c <= 0x9FFF)
        || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0xF900 && c <= 0xFAFF);
  }

  /** ASCII punctuation or a Unicode punctuation category (BERT's {@code is_bert_punc}). */
  private static boolean punctuation(char c) {
    if (c < 0x80) {
      return (c >= 0x21 && c <= 0x2F)
          || (c >= 0x3A && c <= 0x40)
          || (c >= 0x5B && c <= 0x60)
          || (c >= 0x7B && c <= 0x7E);
    }
    return switch (Character.getType(c)) {
      case Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION,
          Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION,
          Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION ->
          true;
      default -> false;
    };
  }
}
