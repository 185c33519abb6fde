package io.sluice.server.console;

import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.plan.PlannedSource;
import io.sluice.spi.Delivery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A pipeline drawn as a layered graph in SVG: sources on the left, each dataset one column right of
 * what it reads, sinks right of their dataset, services and sensors in a row above. Each edge is
 * labelled with its delivery guarantee (dashed when at-least-once); each node links to its details.
 */
final class GraphSvg {
  static final int WIDTH = 180;
  static final int HEIGHT = 44;
  private static final int COLUMN = 250;
  private static final int ROW = 74;
  private static final int TOP = 20;

  /** A box: kind (source, dataset, sink, service, sensor), name, a second line, its column. */
  record Node(String kind, String name, String detail, int column) {
    String id() {
      return kind + ":" + name;
    }
  }

  /** An edge with the guarantee it carries. */
  record Edge(String from, String to, Delivery delivery) {}

  private final Map<String, Node> nodes = new LinkedHashMap<>();
  private final List<Edge> edges = new ArrayList<>();

  GraphSvg(Plan plan) {
    Map<String, Integer> depth = new LinkedHashMap<>();
    for (PlannedDataset dataset : plan.datasets()) { // in dependency order
      int column = 1;
      if (dataset.source() != null) {
        PlannedSource source = dataset.source();
        add(new Node("source", source.spec().name(), source.spec().type(), 0));
        edges.add(
            new Edge(
                "source:" + source.spec().name(), "dataset:" + dataset.name(), dataset.delivery()));
      }
      for (String upstream : dataset.upstream()) {
        column = Math.max(column, depth.getOrDefault(upstream, 1) + 1);
        edges.add(new Edge("dataset:" + upstream, "dataset:" + dataset.name(), dataset.delivery()));
      }
      depth.put(dataset.name(), column);
      String detail =
          dataset.spec().streaming().isPresent()
              ? "streaming"
              : dataset.spec().mode().name().toLowerCase(Locale.ROOT);
      add(new Node("dataset", dataset.name(), detail, column));
    }
    for (PlannedSink sink : plan.sinks()) {
      int column = depth.getOrDefault(sink.spec().from(), 1) + 1;
      add(new Node("sink", sink.spec().name(), sink.spec().type(), column));
      edges.add(
          new Edge(
              "dataset:" + sink.spec().from(), "sink:" + sink.spec().name(), plan.delivery(sink)));
    }
    for (PlannedSource service : plan.services()) {
      add(new Node("service", service.spec().name(), service.spec().type(), -1));
    }
    for (PlannedSource sensor : plan.sensors()) {
      add(new Node("sensor", sensor.spec().name(), sensor.spec().type(), -1));
    }
  }

  private void add(Node node) {
    nodes.putIfAbsent(node.id(), node);
  }

  List<Node> nodes() {
    return List.copyOf(nodes.values());
  }

  List<Edge> edges() {
    return List.copyOf(edges);
  }

  /** The SVG; nodes whose id is in {@code failed} are outlined red. */
  String render(Set<String> failed) {
    Map<String, int[]> at = new LinkedHashMap<>();
    Map<Integer, Integer> rows = new LinkedHashMap<>();
    boolean top = nodes.values().stream().anyMatch(n -> n.column() < 0);
    int offset = top ? ROW : 0;
    int width = 0;
    int height = 0;
    int topX = 20;
    for (Node node : nodes.values()) {
      int x;
      int y;
      if (node.column() < 0) {
        x = topX;
        y = TOP;
        topX += WIDTH + 20;
      } else {
        int row = rows.merge(node.column(), 1, Integer::sum) - 1;
        x = 20 + node.column() * COLUMN;
        y = TOP + offset + row * ROW;
      }
      at.put(node.id(), new int[] {x, y});
      width = Math.max(width, x + WIDTH + 20);
      height = Math.max(height, y + HEIGHT + 20);
    }
    Html svg = new Html();
    svg.open(
            "svg",
            "class",
            "graph",
            "xmlns",
            "http://www.w3.org/2000/svg",
            "width",
            String.valueOf(width),
            "height",
            String.valueOf(height),
            "viewBox",
            "0 0 " + width + " " + height)
        .raw(
            "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
                + " markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#94a3b8\"/>"
                + "</marker></defs>");
    for (Edge edge : edges) {
      int[] from = at.get(edge.from());
      int[] to = at.get(edge.to());
      if (from == null || to == null) {
        continue;
      }
      int x1 = from[0] + WIDTH;
      int y1 = from[1] + HEIGHT / 2;
      int x2 = to[0];
      int y2 = to[1] + HEIGHT / 2;
      int mid = (x1 + x2) / 2;
      String guarantee =
          edge.delivery().guarantee().name().toLowerCase(Locale.ROOT).replace('_', '-');
      svg.open(
              "path",
              "class",
              "edge " + guarantee,
              "data-from",
              edge.from(),
              "data-to",
              edge.to(),
              "d",
              "M" + x1 + "," + y1 + " C" + mid + "," + y1 + " " + mid + "," + y2 + " " + x2 + ","
                  + y2)
          .el("title", guarantee + ": " + edge.delivery().reason())
          .close("path")
          .el(
              "text",
              guarantee,
              "class",
              "label",
              "x",
              String.valueOf(x2 - 66), // by the arrow head: fanned-out edges keep apart
              "y",
              String.valueOf(y2 - 5));
    }
    for (Node node : nodes.values()) {
      int[] p = at.get(node.id());
      String classes = "node " + node.kind() + (failed.contains(node.id()) ? " failed" : "");
      svg.open("a", "href", "#" + anchor(node.id()))
          .open("g", "class", classes, "data-node", node.id())
          .open(
              "rect",
              "x",
              String.valueOf(p[0]),
              "y",
              String.valueOf(p[1]),
              "rx",
              "6",
              "width",
              String.valueOf(WIDTH),
              "height",
              String.valueOf(HEIGHT))
          .close("rect")
          .el(
              "text",
              shorten(node.name(), 26),
              "x",
              String.valueOf(p[0] + 8),
              "y",
              String.valueOf(p[1] + 18))
          .el(
              "text",
              node.kind() + " · " + node.detail(),
              "class",
              "label",
              "x",
              String.valueOf(p[0] + 8),
              "y",
              String.valueOf(p[1] + 34))
          .close("g")
          .close("a");
    }
    return svg.close("svg").toString();
  }

  /** The anchor of a node's details on the pipeline page. */
  static String anchor(String id) {
    return "node-" + id.replaceAll("[^A-Za-z0-9_.-]", "-");
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
