package io.sluice.connector.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** PNG charts draw each text in a font that has its characters, '?' only when none is installed. */
class PngChartTest {
  static final String NAMES = "가나";

  static {
    System.setProperty("java.awt.headless", "true");
  }

  /** Whether this machine has any font that can draw Hangul (Debian's fonts-nanum, Noto CJK...). */
  static boolean hangulFontInstalled() {
    return PngChart.Fonts.installed().stream()
        .anyMatch(family -> new Font(family, Font.PLAIN, 12).canDisplayUpTo(NAMES) == -1);
  }

  @Test
  void latinTextUsesTheSansSerifFont() {
    PngChart.Label label = PngChart.Label.of("share of names", Font.BOLD, 16);
    assertThat(label.text()).isEqualTo("share of names");
    assertThat(label.font().getFamily(java.util.Locale.ROOT)).isNotEmpty();
    assertThat(label.font().getSize()).isEqualTo(16);
    assertThat(label.font().isBold()).isTrue();
  }

  @Test
  void hangulIsDrawnInAnInstalledFontThatHasItOrAsQuestionMarks() {
    PngChart.Label label = PngChart.Label.of(NAMES, Font.PLAIN, 12);
    assertThat(label.font().canDisplayUpTo(label.text()))
        .as("the font draws the text")
        .isEqualTo(-1);
    assertThat(label.text()).isEqualTo(hangulFontInstalled() ? NAMES : "??");
    assertThat(PngChart.Label.of("lv. " + NAMES + " 61", Font.PLAIN, 12).text())
        .isEqualTo(hangulFontInstalled() ? "lv. 가나 61" : "lv. ?? 61");
  }

  @Test
  void aChartOfKoreanNamesShowsTheNamesWhenAFontHasThem() throws IOException {
    BufferedImage names = chart("꿀최", "훈빛");
    BufferedImage others = chart("가나", "다라");
    assertThat(names.getWidth()).isEqualTo(PngChart.WIDTH);
    // with a Hangul font each chart shows its own names; without one, both show the same '??'
    assertThat(samePixels(names, others)).isEqualTo(!hangulFontInstalled());
  }

  @Test
  void ticksShowTwoDecimalsUnlessEveryTickIsWhole() {
    assertThat(PngChart.format(1.0, false)).isEqualTo("1.00");
    assertThat(PngChart.format(0.0, false)).isEqualTo("0.00");
    assertThat(PngChart.format(0.8, false)).isEqualTo("0.80");
    assertThat(PngChart.format(2500.0, true)).isEqualTo("2,500");
  }

  private static BufferedImage chart(String first, String second) throws IOException {
    String json =
        "{\"name\":\"recommended\",\"heading\":\"Recommended names\",\"chart\":\"bar\","
            + "\"x\":\"name\",\"y\":\"score\",\"columns\":[\"name\",\"score\"],"
            + "\"rows\":[[\""
            + first
            + "\",0.82],[\""
            + second
            + "\",0.91]]}";
    byte[] png = PngChart.bar(Section.of(new ObjectMapper().readTree(json)));
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  private static boolean samePixels(BufferedImage a, BufferedImage b) {
    int[] left = a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth());
    int[] right = b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth());
    return Arrays.equals(left, right);
  }
}
