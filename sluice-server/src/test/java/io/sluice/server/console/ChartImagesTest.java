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
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
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
}
