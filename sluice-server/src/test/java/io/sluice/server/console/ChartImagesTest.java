package io.sluice.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.browse.QueryResult;
import io.sluice.spec.DashboardOptions.ChartType;
import io.sluice.spec.DashboardSpec;
import io.sluice.spec.yaml.Position;
import io.sluice.spi.SluiceException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChartImagesTest {
  private static final Position AT = new Position("d.yaml", 1, 1);
  private static final QueryResult ROWS =
      new QueryResult(
          List.of("name", "grp", "n", "m", "lat", "lon"),
          List.of(
              List.of("서울", "a", "3", "1.5", "37.5", "127.0"),
              List.of("busan", "b", "5", "2.5", "35.1", "129.0"),
              List.of("x<y>", "a", "8", "0.5", "-33.9", "151.2")),
          false,
          1);

  private static DashboardSpec.Chart chart(
      ChartType type, boolean stacked, Optional<String> series) {
    return new DashboardSpec.Chart(
        "c",
        "A " + type + " chart",
        type,
        "SELECT 1",
        Optional.of(type == ChartType.HISTOGRAM || type == ChartType.SCATTER ? "n" : "name"),
        type == ChartType.PIE || series.isPresent() ? List.of("n") : List.of("n", "m"),
        series,
        Optional.of("lat"),
        Optional.of("lon"),
        4,
        stacked,
        false,
        "#,##0",
        1000,
        AT,
        AT);
  }

  @ParameterizedTest
  @EnumSource(
      value = ChartType.class,
      names = {"TABLE", "NUMBER"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyDrawableTypeBecomesAPng(ChartType type) throws Exception {
    ChartImages images = new ChartImages();
    for (DashboardSpec.Chart chart :
        List.of(
            chart(type, false, Optional.empty()),
            chart(type, true, Optional.empty()),
            chart(type, false, Optional.of("grp")))) {
      BufferedImage png = ImageIO.read(new ByteArrayInputStream(images.png(chart, ROWS)));
      assertThat(png.getWidth()).isEqualTo(ChartImages.WIDTH);
      assertThat(png.getHeight()).isEqualTo(ChartImages.HEIGHT);
    }
    assertThat(ChartImages.drawable(type)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(
      value = ChartType.class,
      names = {"BAR", "PIE", "HISTOGRAM"})
  void aColumnTheQueryDoesNotReturnIsNamed(ChartType type) {
    QueryResult other = new QueryResult(List.of("a"), List.of(List.of("1")), false, 1);
    assertThatThrownBy(() -> new ChartImages().png(chart(type, false, Optional.empty()), other))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("no column")
        .hasMessageContaining("[a]");
  }

  @Test
  void koreanTextIsDrawnInTheShippedFontNotTheHosts() {
    java.awt.Font font = ChartImages.loadFont(null);
    assertThat(font.getFamily(java.util.Locale.ROOT)).isEqualTo("NanumSquare");
    assertThat(new ChartImages().fontName()).containsIgnoringCase("nanum");
    StringBuilder syllables = new StringBuilder();
    for (char c = 0xAC00; c <= 0xD7A3; c++) {
      syllables.append(c);
    }
    assertThat(font.canDisplayUpTo(syllables.toString())).isEqualTo(-1); // all 11,172
    // distinct glyphs, not one missing-glyph box for every syllable
    assertThat(pixels(font, "가")).isNotEqualTo(pixels(font, "나"));
    assertThat(pixels(font, "가")).isNotEqualTo(pixels(font, " "));
  }

  @Test
  void aConfiguredFontThatCannotBeReadFallsBackToTheShippedOne(@TempDir Path dir) throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.ttf"), "not a font");
    assertThat(ChartImages.loadFont(broken.toString()).getFamily(java.util.Locale.ROOT))
        .isEqualTo("NanumSquare");
    assertThat(ChartImages.loadFont(dir.resolve("missing.ttf").toString()).getFontName())
        .containsIgnoringCase("nanum");
  }

  private static int[] pixels(java.awt.Font font, String text) {
    BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setFont(font.deriveFont(28f));
    g.drawString(text, 4, 32);
    g.dispose();
    return image.getRGB(0, 0, 40, 40, null, 0, 40);
  }

  @Test
  void valuesPrintAsTheChartsFormatSays() {
    assertThat(ChartImages.numberFormat("percent").format(0.0123)).isEqualTo("1.23%");
    assertThat(ChartImages.numberFormat("percent").format(0.5)).isEqualTo("50%");
    assertThat(ChartImages.numberFormat("#,##0.0").format(12345.67)).isEqualTo("12,345.7");
    assertThat(ChartImages.numberFormat("0.00").format(0.9)).isEqualTo("0.90");
  }
}
