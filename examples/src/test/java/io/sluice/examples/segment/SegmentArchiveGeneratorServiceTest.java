package io.sluice.examples.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.RunningService;
import io.sluice.spi.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentArchiveGeneratorServiceTest {
  @TempDir Path dir;

  private List<String> dayFolders(Map<String, Object> values) throws Exception {
    Map<String, Object> options = new HashMap<>(values);
    options.put("path", dir.toString());
    options.put("sources", List.of("src-web"));
    options.put("events_per_day", 50L);
    options.put("events_per_file", 2_000);
    options.put("duplicate_rate", 0.0);
    options.put("malformed_rate", 0.0);
    options.put("seed", 1L);
    options.putIfAbsent("days", 1);
    RunningService service =
        new SegmentArchiveGeneratorService().startService("archive", new ResolvedOptions(options));
    service.close(); // the archives are written when it starts
    try (Stream<Path> days = Files.list(dir.resolve("src-web"))) {
      return days.map(d -> d.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theDaysEndOnTheEndDate() throws Exception {
    // 2024-07-02T00:00Z and the two days before it
    assertThat(dayFolders(Map.of("end", "2024-07-02", "days", 3)))
        .containsExactly("1719705600000", "1719792000000", "1719878400000");
  }

  @Test
  void oneDayFromTheEndIsThatDay() throws Exception {
    assertThat(dayFolders(Map.of("end", "2024-07-02"))).containsExactly("1719878400000");
  }

  @Test
  void startOrEndButNotBoth() {
    assertThatThrownBy(() -> dayFolders(Map.of("start", "2024-07-01", "end", "2024-07-02")))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("give either 'start' or 'end'");
    assertThatThrownBy(() -> dayFolders(Map.of()))
        .hasMessageContaining("give either 'start' or 'end'");
    assertThatThrownBy(() -> dayFolders(Map.of("end", "07/02/2024")))
        .hasMessageContaining("'end' must be a date YYYY-MM-DD, got '07/02/2024'");
  }
}
