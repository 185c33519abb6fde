package io.sluice.server.console;

import io.sluice.core.browse.LakeBrowser;
import io.sluice.core.browse.QueryResult;
import io.sluice.core.run.DashboardWriter;
import io.sluice.spec.DashboardOptions.ChartType;
import io.sluice.spec.DashboardSpec;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dashboard as a static report: {@code index.html}, self-contained (the PNGs inlined, the
 * stylesheet embedded), and each chart's PNG beside it. Filters take their defaults; tables and
 * single numbers are HTML. What {@code sluice report} writes, and a run for each dashboard that
 * declares {@code export:}.
 */
public final class ReportExport implements DashboardWriter {
  private final ChartImages images = new ChartImages();

  /** The font the PNGs' text is drawn in. */
  public String fontName() {
    return images.fontName();
  }

  @Override
  public Written write(String pipeline, DashboardSpec dashboard, LakeBrowser lake, Path folder)
      throws IOException {
    Files.createDirectories(folder);
    long rows = 0;
    List<String> failed = new ArrayList<>();
    Map<String, Object> args = new LinkedHashMap<>();
    dashboard.filters().forEach(f -> args.put(f.name(), f.defaultValue()));
    List<Path> written = new ArrayList<>();
    Html body = new Html();
    body.el(
        "p",
        "Pipeline " + pipeline + ", exported " + Formats.time(Instant.now()) + ".",
        "class",
        "muted");
    if (!dashboard.description().isEmpty()) {
      body.el("p", dashboard.description());
    }
    if (!args.isEmpty()) {
      body.el("p", "Filters: " + args, "class", "muted");
    }
    body.open("div", "class", "charts");
    for (DashboardSpec.Chart chart : dashboard.charts()) {
      body.open("section", "class", "chart-box", "id", "chart-" + chart.name())
          .el("h3", chart.title());
      try {
        Map<String, Object> used = new LinkedHashMap<>();
        for (String name : chart.parameters()) {
          if (args.containsKey(name)) {
            used.put(name, args.get(name));
          }
        }
        QueryResult result = lake.query(chart.sql(), used, chart.limit());
        rows += result.rows().size();
        if (ChartImages.drawable(chart.type())) {
          byte[] png = images.png(chart, result);
          Path file = folder.resolve(chart.name() + ".png");
          Files.write(file, png);
          written.add(file);
          body.open(
                  "img",
                  "src",
                  "data:image/png;base64," + Base64.getEncoder().encodeToString(png),
                  "alt",
                  chart.title(),
                  "width",
                  String.valueOf(ChartImages.WIDTH / 1.5))
              .close("img");
        } else if (chart.type() == ChartType.NUMBER) {
          int column = result.columns().indexOf(chart.y().get(0));
          String value =
              result.rows().isEmpty() || column < 0 ? "" : result.rows().get(0).get(column);
          body.el("div", value, "class", "big-number");
        } else {
          LakePages.result(body, result);
        }
      } catch (SluiceException e) {
        String error = "error[" + e.code().code() + "]: " + e.getMessage();
        failed.add(chart.name() + ": " + error);
        body.el("p", error, "class", "error");
      }
      body.close("section");
    }
    body.close("div");
    String css;
    try (var in = ReportExport.class.getResourceAsStream("console.css")) {
      css = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    String page =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
            + Html.escape(dashboard.title())
            + "</title><style>"
            + css
            + " .charts img { max-width: 100%; height: auto; }</style></head><body><main><h1>"
            + Html.escape(dashboard.title())
            + "</h1>"
            + body
            + "</main></body></html>";
    Path index = folder.resolve("index.html");
    Files.writeString(index, page);
    return new Written(index, written, rows, failed);
  }
}
