package io.sluice.ml;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java WordPiece tokenizer gives the native Hugging Face tokenizer's ids for every text it
 * takes: every code point of the blocks it takes (alone and between other characters), random texts
 * built from them, and the real names, reviews and comments of the shared data, for the MiniLM
 * tokenizer (accents stripped, 30,522 pieces) and the Maple example's Korean one.
 */
class WordPieceTokenizerTest {
  @TempDir static Path work;
  static Path miniLm;
  static final Path KOREAN =
      Path.of("../examples/maple-nicknames/models/korean-sentiment/tokenizer.json")
          .toAbsolutePath()
          .normalize();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void extract() throws IOException {
    miniLm = MiniLmModel.extractTo(work.resolve("minilm")).resolve("tokenizer.json");
  }

  @Test
  void everyCodePointTakenIsEncodedAsTheNativeTokenizerDoes() throws IOException {
    List<String> texts = new ArrayList<>();
    for (int c = 0; c <= 0xFFFF; c++) {
      if (WordPieceTokenizer.taken(c)) {
        String s = String.valueOf((char) c);
        texts.add(s);
        texts.add("ab" + s + "Cd");
        texts.add("가" + s + s + " x" + s);
      }
    }
    assertThat(texts).hasSizeGreaterThan(120_000);
    for (Path tokenizer : List.of(miniLm, KOREAN)) {
      assertSame(tokenizer, 16, texts);
    }
  }

  @Test
  void randomTextsAreEncodedAsTheNativeTokenizerDoes() throws IOException {
    Random random = new Random(20261207);
    int[] interesting = {
      ' ', '\t', '\n', '\r', 0x0B, 0x0C, 0x1F, 0x7F, 0x85, 0xA0, 0xAD, 0x130, 0x2028, 0x200B,
      0x200D, 0x3000, 0xFEFF, 0xFFFD, '.', ',', '!', '\'', '"', '#', '-', '_', '~', 0x2019, 0x3001,
      0xFF01, 0x0301, 0x0308, 0x0327, 'A', 'Z', 'e', 0xC9, 0xF1, 0x1E9E, 0x3A3, 0x3C2, 0x410, 'I'
    };
    List<String> texts = new ArrayList<>();
    for (int t = 0; t < 20_000; t++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(30);
      for (int k = 0; k < length; k++) {
        int pick = random.nextInt(10);
        int c;
        if (pick < 3) {
          c = interesting[random.nextInt(interesting.length)];
        } else if (pick < 5) {
          c = 0xAC00 + random.nextInt(0xD7A3 - 0xAC00 + 1);
        } else if (pick < 7) {
          c = 'a' + random.nextInt(26);
        } else {
          do {
            c = random.nextInt(0xFFFF);
          } while (!WordPieceTokenizer.taken(c));
        }
        s.append((char) c);
      }
      texts.add(
          random.nextBoolean() ? s.toString() : s.toString().toUpperCase(java.util.Locale.ROOT));
    }
    for (Path tokenizer : List.of(miniLm, KOREAN)) {
      assertSame(tokenizer, 16, texts);
      assertSame(tokenizer, 8, texts);
    }
  }

  @Test
  void realNamesReviewsAndCommentsAreEncodedAsTheNativeTokenizerDoes() throws IOException {
    List<String> names = new ArrayList<>();
    for (String file : List.of("maple/low_level_data.csv", "maple/high-level-data.csv")) {
      for (String line : Files.readAllLines(SharedData.require(file), StandardCharsets.UTF_8)) {
        String[] f = line.split(",", 3);
        if (f.length == 3) {
          names.add(f[2]);
        }
      }
    }
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(names));
    names.clear();
    for (int i = 0; i < distinct.size(); i += 3) { // a third of the distinct names
      names.add(distinct.get(i));
    }
    List<String> comments = new ArrayList<>();
    List<String> lines =
        Files.readAllLines(
            SharedData.require("korean/nsmc_reconstructed_ratings_200k.tsv"),
            StandardCharsets.UTF_8);
    for (int i = 1; i < lines.size(); i += 10) { // a tenth: the native tokenizer takes 15 s on all
      String[] f = lines.get(i).split("\t", -1);
      if (f.length == 3) {
        comments.add(f[1]);
      }
    }
    List<String> reviews = new ArrayList<>();
    JSON.readTree(SharedData.require("imdb/got_imdb_reviews.json").toFile())
        .findValues("content")
        .forEach(v -> reviews.add(v.asText()));
    assertThat(names).hasSizeGreaterThan(40_000);
    assertThat(comments).hasSizeGreaterThan(19_000);
    assertThat(reviews).hasSizeGreaterThan(500);

    for (Path tokenizer : List.of(miniLm, KOREAN)) {
      assertThat(assertSame(tokenizer, 16, names))
          .as("Maple names the Java tokenizer takes")
          .isGreaterThan(names.size() * 99 / 100);
      assertThat(assertSame(tokenizer, 64, comments))
          .as("movie comments the Java tokenizer takes")
          .isGreaterThan(comments.size() * 9 / 10);
      assertThat(assertSame(tokenizer, 512, reviews))
          .as("reviews the Java tokenizer takes")
          .isGreaterThan(reviews.size() * 9 / 10);
    }
  }

  @Test
  void textsWithAnAddedTokenOrOtherCharactersGoToTheNativeTokenizer() throws IOException {
    List<String> texts =
        List.of("[CLS] x", "a[MASK]b", "[SEP]", "emoji 😀 here", "é 𠀀", "plain", "가나");
    try (TextTokenizer tokenizer = TextTokenizer.open(miniLm, 16);
        HuggingFaceTokenizer reference = TextTokenizer.huggingFace(miniLm, 16)) {
      assertThat(tokenizer.inJava()).isTrue();
      long[][] expected = TextTokenizer.nativeIds(reference, texts.toArray(String[]::new));
      long[][] ids = tokenizer.ids(texts.toArray(String[]::new));
      for (int i = 0; i < texts.size(); i++) {
        assertThat(ids[i]).as(texts.get(i)).isEqualTo(expected[i]);
      }
      assertThat(expected[0])
          .as("[CLS] is matched as the special token")
          .containsSequence(101, 101);
    }
    WordPieceTokenizer java =
        WordPieceTokenizer.of(JSON.readTree(miniLm.toFile()), 16).orElseThrow();
    assertThat(texts.stream().filter(java::encodes)).containsExactly("plain", "가나");
  }

  @Test
  void aPipelineOtherThanBertsWordPieceIsLeftToTheNativeTokenizer() throws IOException {
    JsonNode bert = JSON.readTree(KOREAN.toFile());
    assertThat(WordPieceTokenizer.of(bert, 16)).isPresent();
    assertThat(WordPieceTokenizer.of(bert, 2)).as("no room after [CLS] and [SEP]").isEmpty();

    ObjectNode sequence = bert.deepCopy();
    sequence.putObject("normalizer").put("type", "Sequence");
    ObjectNode metaspace = bert.deepCopy();
    metaspace.putObject("pre_tokenizer").put("type", "Metaspace");
    ObjectNode bpe = bert.deepCopy();
    ((ObjectNode) bpe.get("model")).put("type", "BPE");
    ObjectNode roberta = bert.deepCopy();
    roberta.putObject("post_processor").put("type", "RobertaProcessing");
    ObjectNode normalizedAdded = bert.deepCopy();
    normalizedAdded
        .withArray("added_tokens")
        .addObject()
        .put("content", "xy")
        .put("normalized", true);
    ObjectNode left = bert.deepCopy();
    left.putObject("truncation").put("direction", "Left");
    for (ObjectNode other : List.of(sequence, metaspace, bpe, roberta, normalizedAdded, left)) {
      assertThat(WordPieceTokenizer.of(other, 16)).as(other.toString().substring(0, 80)).isEmpty();
    }

    Path file = work.resolve("bpe.json");
    JSON.writeValue(file.toFile(), bpe);
    assertThat(WordPieceTokenizer.of(JSON.readTree(file.toFile()), 16)).isEmpty();
  }

  /**
   * Asserts that every text the Java tokenizer takes gets the native ids, and that {@link
   * TextTokenizer} gives the native ids for all of them; the count taken.
   */
  private static int assertSame(Path tokenizerJson, int maxLength, List<String> texts)
      throws IOException {
    WordPieceTokenizer java =
        WordPieceTokenizer.of(JSON.readTree(tokenizerJson.toFile()), maxLength).orElseThrow();
    String[] all = texts.toArray(String[]::new);
    long[][] expected;
    long[][] mixed;
    try (HuggingFaceTokenizer reference = TextTokenizer.huggingFace(tokenizerJson, maxLength);
        TextTokenizer tokenizer = TextTokenizer.open(tokenizerJson, maxLength)) {
      expected = TextTokenizer.nativeIds(reference, all);
      mixed = tokenizer.ids(all);
    }
    List<String> wrong = new ArrayList<>();
    int taken = 0;
    for (int i = 0; i < all.length; i++) {
      if (java.encodes(all[i])) {
        taken++;
        long[] ids = java.ids(all[i]);
        if (!Arrays.equals(ids, expected[i]) && wrong.size() < 20) {
          wrong.add(
              describe(all[i])
                  + ": java "
                  + Arrays.toString(ids)
                  + " native "
                  + Arrays.toString(expected[i]));
        }
      }
      if (!Arrays.equals(mixed[i], expected[i]) && wrong.size() < 20) {
        wrong.add("TextTokenizer " + describe(all[i]));
      }
    }
    assertThat(wrong)
        .as(
            "%s, max length %d: texts encoded differently",
            tokenizerJson.getParent().getFileName(), maxLength)
        .isEmpty();
    return taken;
  }

  private static String describe(String text) {
    StringBuilder s = new StringBuilder("\"");
    text.codePoints()
        .limit(40)
        .forEach(
            c ->
                s.append(
                    c >= 0x20 && c < 0x7F
                        ? String.valueOf((char) c)
                        : String.format("\\u%04X", c)));
    return s.append('"').toString();
  }
}
