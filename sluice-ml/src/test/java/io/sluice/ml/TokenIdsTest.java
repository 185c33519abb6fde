package io.sluice.ml;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ids-only encoding that scoring uses gives exactly what DJL's {@code Encoding} gives, for the
 * real all-MiniLM-L6-v2 tokenizer and the example's Korean one.
 */
class TokenIdsTest {
  @TempDir static Path work;
  static Path miniLm;

  static final List<String> TEXTS =
      List.of(
          "",
          "x",
          "A man is playing a guitar.",
          "가나",
          "메이플스토리 닉네임 추천 😀",
          "a considerably longer sentence that the tokenizer has to truncate to its maximum"
              + " length of sixteen tokens, special tokens included",
          "  spaces\tand\nnewlines  ",
          "ÀÉÎõü accents");

  @BeforeAll
  static void extract() throws IOException {
    miniLm = MiniLmModel.extractTo(work.resolve("minilm"));
  }

  @Test
  void idsEqualDjlEncodingsForMiniLm() throws IOException {
    assertSameIds(miniLm.resolve("tokenizer.json"));
  }

  @Test
  void idsEqualDjlEncodingsForTheKoreanModel() throws IOException {
    assertSameIds(
        Path.of("../examples/maple-nicknames/models/korean-sentiment/tokenizer.json")
            .toAbsolutePath()
            .normalize());
  }

  @Test
  void textsAreOrderedByTokenCountKeepingTheOrderOfEqualCounts() {
    long[][] encoded = {{1, 2, 3}, {1}, {1, 2}, {}, {4}, {1, 2, 3}, {9, 9}};
    assertThat(OnnxTextModel.byLength(encoded)).containsExactly(3, 1, 4, 2, 6, 0, 5);
    assertThat(OnnxTextModel.byLength(new long[0][])).isEmpty();
  }

  private static void assertSameIds(Path tokenizerJson) throws IOException {
    try (HuggingFaceTokenizer tokenizer = TextTokenizer.huggingFace(tokenizerJson, 16)) {
      Encoding[] expected = tokenizer.batchEncode(TEXTS);
      long[][] ids = TextTokenizer.nativeIds(tokenizer, TEXTS.toArray(String[]::new));
      assertThat(ids.length).isEqualTo(expected.length);
      for (int i = 0; i < ids.length; i++) {
        assertThat(ids[i]).as("ids of %s", TEXTS.get(i)).isEqualTo(expected[i].getIds());
        assertThat(expected[i].getAttentionMask())
            .as("an unpadded text attends to each of its tokens")
            .containsOnly(1L)
            .hasSameSizeAs(ids[i]);
      }
      assertThat(ids[0]).as("special tokens alone").hasSize(2);
      assertThat(ids[5]).as("truncated").hasSize(16);
    }
  }
}
