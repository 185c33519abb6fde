package io.sluice.connector.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One section of the report as stored in its JSON file. */
record Section(
    String name,
    String heading,
    String text,
    String chart,
    Optional<String> x,
    Optional<String> y,
    Optional<String> series,
    Optional<String> yLabel,
    List<String> columns,
    List<List<JsonNode>> rows) {

  static Section of(JsonNode node) {
    List<String> columns = new ArrayList<>();
    node.path("columns").forEach(c -> columns.add(c.asText()));
    List<List<JsonNode>> rows = new ArrayList<>();
    node.path("rows")
        .forEach(
            r -> {
              List<JsonNode> values = new ArrayList<>();
              r.forEach(values::add);
              rows.add(values);
            });
    return new Section(
        node.path("name").asText(),
        node.path("heading").asText(),
        node.path("text").asText(""),
        node.path("chart").asText("table"),
        text(node, "x"),
        text(node, "y"),
        text(node, "series"),
        text(node, "y_label"),
        columns,
        rows);
  }

  private static Optional<String> text(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }

  /** A bar chart's data: categories in first-seen order, and per series a value per category. */
  record Bars(List<String> categories, Map<String, List<Double>> series) {}

  Bars bars() {
    int xi = columns.indexOf(x.orElseThrow());
    int yi = columns.indexOf(y.orElseThrow());
    int si = series.map(columns::indexOf).orElse(-1);
    Set<String> categories = new LinkedHashSet<>();
    Map<String, Map<String, Double>> values = new LinkedHashMap<>();
    for (List<JsonNode> row : rows) {
      String category = label(row.get(xi));
      String name = si < 0 ? y.get() : label(row.get(si));
      categories.add(category);
      values
          .computeIfAbsent(name, k -> new LinkedHashMap<>())
          .put(category, row.get(yi).isNull() ? 0.0 : row.get(yi).asDouble());
    }
    List<String> ordered = new ArrayList<>(categories);
    Map<String, List<Double>> result = new LinkedHashMap<>();
    values.forEach(
        (name, byCategory) ->
            result.put(name, ordered.stream().map(c -> byCategory.getOrDefault(c, 0.0)).toList()));
    return new Bars(ordered, result);
  }

  static String label(JsonNode value) {
    return value == null || value.isNull() ? "(none)" : value.asText();
  }
}
