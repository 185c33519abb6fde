package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import io.sluice.spec.DashboardOptions.ChartType;
import io.sluice.spec.DashboardOptions.FilterType;
import io.sluice.spec.yaml.Position;
import java.util.List;
import java.util.Optional;

/**
 * A dashboard declared in the pipeline file: charts over its datasets and filters, and the folder a
 * run exports it to ({@code export}), if any.
 */
public record DashboardSpec(
    String name,
    String title,
    String description,
    List<Chart> charts,
    List<Filter> filters,
    Optional<String> export,
    Position position) {
  public DashboardSpec {
    requireNonNull(name, "name is null");
    requireNonNull(title, "title is null");
    requireNonNull(description, "description is null");
    charts = List.copyOf(charts);
    filters = List.copyOf(filters);
    requireNonNull(export, "export is null");
    requireNonNull(position, "position is null");
  }

  /** One chart: what it draws from which query. */
  public record Chart(
      String name,
      String title,
      ChartType type,
      String sql,
      Optional<String> x,
      List<String> y,
      Optional<String> series,
      Optional<String> lat,
      Optional<String> lon,
      int bins,
      boolean stacked,
      boolean horizontal,
      String format,
      int limit,
      Position position,
      Position sqlPosition) {
    public Chart {
      requireNonNull(name, "name is null");
      requireNonNull(title, "title is null");
      requireNonNull(type, "type is null");
      requireNonNull(sql, "sql is null");
      requireNonNull(x, "x is null");
      y = List.copyOf(y);
      requireNonNull(series, "series is null");
      requireNonNull(lat, "lat is null");
      requireNonNull(lon, "lon is null");
      requireNonNull(format, "format is null");
      requireNonNull(position, "position is null");
      requireNonNull(sqlPosition, "sqlPosition is null");
    }

    /** A named parameter outside quotes: {@code :from}, not {@code '12:30'} or {@code ::int}. */
    private static final java.util.regex.Pattern PARAMETER =
        java.util.regex.Pattern.compile("'(?:[^']|'')*'|(?<![:\\w]):([A-Za-z_][A-Za-z0-9_]*)");

    /** The named parameters ({@code :from}) the chart's SQL uses, in order of first use. */
    public List<String> parameters() {
      List<String> names = new java.util.ArrayList<>();
      java.util.regex.Matcher m = PARAMETER.matcher(sql);
      while (m.find()) {
        if (m.group(1) != null && !names.contains(m.group(1))) {
          names.add(m.group(1));
        }
      }
      return names;
    }

    /** The columns the chart reads from its query's result. */
    public List<String> columns() {
      List<String> columns = new java.util.ArrayList<>();
      x.ifPresent(columns::add);
      columns.addAll(y);
      series.ifPresent(columns::add);
      lat.ifPresent(columns::add);
      lon.ifPresent(columns::add);
      return columns;
    }
  }

  /** An input bound to the named SQL parameter {@code :name}. */
  public record Filter(
      String name, FilterType type, String label, String defaultValue, Position position) {
    public Filter {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      requireNonNull(label, "label is null");
      requireNonNull(defaultValue, "defaultValue is null");
      requireNonNull(position, "position is null");
    }
  }
}
