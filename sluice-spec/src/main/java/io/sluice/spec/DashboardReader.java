package io.sluice.spec;

import io.sluice.spec.DashboardOptions.ChartType;
import io.sluice.spec.DashboardOptions.FilterType;
import io.sluice.spec.yaml.YamlMap;
import io.sluice.spec.yaml.YamlNode;
import io.sluice.spec.yaml.YamlSeq;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@code dashboards:}: each dashboard's title, filters and charts, and checks that every
 * chart names the columns its type draws. Tables and SQL parameters are checked by the planner.
 */
final class DashboardReader extends SectionReader {
  DashboardReader(Problems problems) {
    super(problems);
  }

  Map<String, DashboardSpec> read(Optional<YamlMap> section) {
    Map<String, DashboardSpec> result = new LinkedHashMap<>();
    if (section.isEmpty()) {
      return result;
    }
    for (YamlMap.Entry entry : section.get().entries().values()) {
      String what = "dashboard '" + entry.key() + "'";
      checkName(entry, PLAIN_NAME, "dashboard", "letters, digits, '_' and '-'");
      Optional<YamlMap> map =
          entryMap(entry, "dashboard", "'title: ...' and 'charts: [ { name, type, sql, ... } ]'");
      if (map.isEmpty()) {
        continue;
      }
      ResolvedOptions options =
          OptionReader.read(map.get(), DashboardOptions.DASHBOARD, what, problems);
      List<DashboardSpec.Filter> filters =
          list(
              map.get(),
              "filters",
              what,
              "{ name: from, type: date, default: '2024-01-01' }",
              this::filter);
      List<DashboardSpec.Chart> charts =
          list(
              map.get(),
              "charts",
              what,
              "{ name: per_day, type: line, sql: ..., x: day, y: [n] }",
              this::chart);
      unique(
          charts.stream().map(DashboardSpec.Chart::name).toList(),
          charts.stream().map(DashboardSpec.Chart::position).toList(),
          "chart",
          what);
      result.put(
          entry.key(),
          new DashboardSpec(
              entry.key(),
              options.find(DashboardOptions.TITLE).orElse(entry.key()),
              options.find(DashboardOptions.DESCRIPTION).orElse(""),
              charts,
              filters,
              options.find(DashboardOptions.EXPORT),
              entry.keyPosition()));
    }
    return result;
  }

  private <T> List<T> list(
      YamlMap owner, String key, String what, String example, Function<Item, Optional<T>> reader) {
    Optional<YamlNode> node = owner.get(key);
    if (node.isEmpty()) {
      return List.of();
    }
    if (!(node.get() instanceof YamlSeq seq)) {
      problems.add(
          node.get().position(),
          ErrorCode.WRONG_TYPE,
          "Cannot read '" + key + "' of " + what + ": expected a list, got " + node.get().kind(),
          "write '" + key + ":' followed by '- " + example + "' lines");
      return List.of();
    }
    List<T> result = new ArrayList<>();
    for (YamlNode item : seq.items()) {
      if (!(item instanceof YamlMap map)) {
        problems.add(
            item.position(),
            ErrorCode.WRONG_TYPE,
            "Cannot read an item of '"
                + key
                + "' of "
                + what
                + ": expected a mapping, got "
                + item.kind(),
            "write '- " + example + "'");
        continue;
      }
      reader.apply(new Item(map, what)).ifPresent(result::add);
    }
    return result;
  }

  private record Item(YamlMap map, String what) {}

  private Optional<DashboardSpec.Filter> filter(Item item) {
    ResolvedOptions options =
        OptionReader.read(
            item.map(), DashboardOptions.FILTER, "a filter of " + item.what(), problems);
    if (!options.contains(DashboardOptions.FILTER_NAME)
        || !options.contains(DashboardOptions.FILTER_DEFAULT)) {
      return Optional.empty();
    }
    String name = options.get(DashboardOptions.FILTER_NAME);
    return Optional.of(
        new DashboardSpec.Filter(
            name,
            FilterType.valueOf(options.get(DashboardOptions.FILTER_TYPE).toUpperCase(Locale.ROOT)),
            options.find(DashboardOptions.FILTER_LABEL).orElse(name),
            options.get(DashboardOptions.FILTER_DEFAULT),
            item.map().position()));
  }

  private Optional<DashboardSpec.Chart> chart(Item item) {
    String what = "a chart of " + item.what();
    ResolvedOptions options = OptionReader.read(item.map(), DashboardOptions.CHART, what, problems);
    if (!options.contains(DashboardOptions.CHART_NAME)
        || !options.contains(DashboardOptions.CHART_TYPE)
        || !options.contains(DashboardOptions.CHART_SQL)) {
      return Optional.empty();
    }
    String name = options.get(DashboardOptions.CHART_NAME);
    ChartType type =
        ChartType.valueOf(options.get(DashboardOptions.CHART_TYPE).toUpperCase(Locale.ROOT));
    what = "chart '" + name + "' of " + item.what();
    DashboardSpec.Chart chart =
        new DashboardSpec.Chart(
            name,
            options.find(DashboardOptions.CHART_TITLE).orElse(name),
            type,
            options.get(DashboardOptions.CHART_SQL),
            options.find(DashboardOptions.X),
            options.find(DashboardOptions.Y).orElse(List.of()),
            options.find(DashboardOptions.SERIES),
            options.find(DashboardOptions.LAT),
            options.find(DashboardOptions.LON),
            options.get(DashboardOptions.BINS),
            options.get(DashboardOptions.STACKED),
            options.get(DashboardOptions.HORIZONTAL),
            options.get(DashboardOptions.FORMAT),
            options.get(DashboardOptions.LIMIT),
            item.map().position(),
            OptionReader.valuePosition(item.map(), "sql"));
    requireColumns(chart, item.map(), what);
    checkFormat(chart.format(), item.map(), what);
    return Optional.of(chart);
  }

  /** A format is 'percent' or a decimal pattern, checked here rather than when drawn. */
  private void checkFormat(String format, YamlMap map, String what) {
    if (format.equals("percent")) {
      return;
    }
    try {
      new java.text.DecimalFormat(format, java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          OptionReader.valuePosition(map, DashboardOptions.FORMAT.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot read 'format' of "
              + what
              + ": '"
              + format
              + "' is not a decimal pattern ("
              + e.getMessage()
              + ")",
          "write a pattern such as '#,##0.0' or '0.00%', or 'percent'");
    }
  }

  /** The columns each chart type draws must be named. */
  private void requireColumns(DashboardSpec.Chart chart, YamlMap map, String what) {
    switch (chart.type()) {
      case BAR, LINE, AREA, SCATTER -> {
        need(chart.x().isPresent(), map, DashboardOptions.X, what, "the x (category) column");
        need(!chart.y().isEmpty(), map, DashboardOptions.Y, what, "one or more value columns");
      }
      case PIE -> {
        need(chart.x().isPresent(), map, DashboardOptions.X, what, "the label column");
        need(chart.y().size() == 1, map, DashboardOptions.Y, what, "exactly one value column");
      }
      case HISTOGRAM ->
          need(chart.x().isPresent(), map, DashboardOptions.X, what, "the value column");
      case MAP -> {
        need(chart.lat().isPresent(), map, DashboardOptions.LAT, what, "the latitude column");
        need(chart.lon().isPresent(), map, DashboardOptions.LON, what, "the longitude column");
      }
      case NUMBER ->
          need(chart.y().size() == 1, map, DashboardOptions.Y, what, "exactly one value column");
      case TABLE -> {
        // every column of the query
      }
    }
  }

  private void need(boolean present, YamlMap map, Option<?> option, String what, String role) {
    if (!present) {
      problems.add(
          map.position(),
          ErrorCode.MISSING_REQUIRED,
          "Cannot draw " + what + ": '" + option.key() + "' must name " + role,
          "add '" + option.key() + ": ...' naming a column of the chart's query");
    }
  }

  private void unique(
      List<String> names, List<io.sluice.spec.yaml.Position> positions, String kind, String what) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (!seen.add(names.get(i))) {
        problems.add(
            positions.get(i),
            ErrorCode.DUPLICATE_KEY,
            "Cannot use the " + kind + " name '" + names.get(i) + "' twice in " + what,
            "give each " + kind + " its own name");
      }
    }
  }
}
