package io.sluice.core.run;

import io.sluice.core.browse.LakeBrowser;
import io.sluice.spec.DashboardSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a dashboard as a static report (a page and a PNG per chart) from the lake as it is now:
 * what a run does for each dashboard that declares {@code export:}. The console module implements
 * it; the run service sees only this port.
 */
public interface DashboardWriter {
  /**
   * What was written: the page, the PNGs, the rows the charts read, and each chart that failed (its
   * name and error; the page shows the error in its place).
   */
  record Written(Path page, List<Path> images, long rows, List<String> failedCharts) {
    public Written {
      images = List.copyOf(images);
      failedCharts = List.copyOf(failedCharts);
    }
  }

  Written write(String pipeline, DashboardSpec dashboard, LakeBrowser lake, Path folder)
      throws IOException;
}
