package io.sluice.server.console;

import io.sluice.core.browse.TableInfo;
import java.util.ArrayList;
import java.util.List;

/** A small SVG line of a table's rows after each snapshot, oldest to newest. */
final class Sparkline {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 120;

  private Sparkline() {}

  static String rows(List<TableInfo.Snapshot> newestFirst) {
    List<TableInfo.Snapshot> points = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(points);
    points.removeIf(s -> s.totalRows() < 0);
    if (points.isEmpty()) {
      return new Html().el("p", "No snapshots with row counts.", "class", "muted").toString();
    }
    long max = points.stream().mapToLong(TableInfo.Snapshot::totalRows).max().orElse(1);
    max = Math.max(1, max);
    StringBuilder path = new StringBuilder();
    Html svg = new Html();
    svg.open(
        "svg",
        "class",
        "sparkline",
        "width",
        String.valueOf(WIDTH),
        "height",
        String.valueOf(HEIGHT + 20),
        "xmlns",
        "http://www.w3.org/2000/svg");
    for (int i = 0; i < points.size(); i++) {
      int x = points.size() == 1 ? WIDTH / 2 : 10 + i * (WIDTH - 20) / (points.size() - 1);
      int y = 10 + (int) ((HEIGHT - 10) * (1 - points.get(i).totalRows() / (double) max));
      path.append(i == 0 ? "M" : " L").append(x).append(',').append(y);
      svg.open(
              "circle",
              "cx",
              String.valueOf(x),
              "cy",
              String.valueOf(y),
              "r",
              "3",
              "fill",
              "#2456c6")
          .el(
              "title",
              Formats.time(points.get(i).committedAt())
                  + ": "
                  + Formats.count(points.get(i).totalRows())
                  + " rows")
          .close("circle");
    }
    svg.open("path", "d", path.toString(), "stroke", "#2456c6", "fill", "none").close("path");
    svg.el(
        "text",
        Formats.count(max) + " rows",
        "x",
        "10",
        "y",
        String.valueOf(HEIGHT + 16),
        "class",
        "label");
    return svg.close("svg").toString();
  }
}
