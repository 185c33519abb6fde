package io.sluice.examples.ufo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class UfoGeneratorTest {
  private static List<String> lines(long seed, long rows) throws Exception {
    StringWriter out = new StringWriter();
    new UfoGenerator(seed).write(out, rows);
    return out.toString().lines().toList();
  }

  @Test
  void writesTheOriginalHeaderWithItsTrailingSpace() throws Exception {
    List<String> lines = lines(1, 10);
    assertThat(lines.get(0))
        .isEqualTo(
            "datetime,city,state,country,shape,duration (seconds),duration (hours/min),comments,date posted,latitude,longitude ");
    assertThat(lines).hasSize(11);
  }

  @Test
  void isRepeatableForOneSeed() throws Exception {
    assertThat(lines(7, 500)).isEqualTo(lines(7, 500));
    assertThat(lines(7, 500)).isNotEqualTo(lines(8, 500));
  }

  @Test
  void carriesTheDirtOfTheRealFile() throws Exception {
    List<String> rows = lines(42, 50_000).subList(1, 50_001);
    long serial = rows.stream().filter(r -> r.matches("^[0-9]{4,5},.*")).count();
    long midnight24 = rows.stream().filter(r -> r.matches("^[0-9/]+ 24:00,.*")).count();
    long entities =
        rows.stream()
            .filter(r -> r.contains("&#44") || r.contains("&#39") || r.contains("&#33"))
            .count();
    long badLatitude =
        rows.stream().filter(r -> r.matches(".*,[-0-9]{2}q[0-9.]*,[-0-9.]+$")).count();
    long emptyCountry = rows.stream().filter(r -> r.contains("(south korea),,,")).count();
    assertThat(serial).isBetween(250L, 550L); // 0.8%
    assertThat(midnight24).isBetween(80L, 230L); // 0.3%
    assertThat(entities).isGreaterThan(10_000);
    assertThat(badLatitude).isBetween(3L, 30L); // 0.02%
    assertThat(emptyCountry).isGreaterThan(100);
  }
}
