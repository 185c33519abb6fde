package io.sluice.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.browse.QueryResult;
import io.sluice.core.plan.Plan;
import io.sluice.spec.DashboardOptions.ChartType;
import io.sluice.spec.DashboardSpec;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A dashboard: its filters as a form (bound to the charts' :parameters) and each chart drawn by
 * ECharts in the browser from the rows the page carries; tables and single numbers are plain HTML.
 * Results come from {@link DashboardData}; the page asks {@code /api/...} every few seconds whether
 * the lake moved and redraws when it did (a streaming pipeline's dashboard updates live).
 */
final class DashboardPage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Console console;
  private final DashboardData data;

  DashboardPage(Console console) {
    this.console = console;
    this.data = new DashboardData(console);
  }

  String list() {
    Html body = new Html();
    body.open("table", "class", "dashboards").head("Dashboard", "Pipeline", "Charts", "Filters");
    int count = 0;
    for (PipelineEntry entry : console.workspace().pipelines()) {
      if (entry.plan().isEmpty()) {
        continue;
      }
      for (DashboardSpec dashboard : entry.plan().get().spec().dashboards().values()) {
        count++;
        body.open("tr", "data-dashboard", entry.name() + "/" + dashboard.name())
            .open("td")
            .link(href(entry.name(), dashboard.name()), dashboard.title())
            .close("td")
            .el("td", entry.name())
            .el("td", String.valueOf(dashboard.charts().size()), "class", "num")
            .el(
                "td",
                String.join(
                    ", ", dashboard.filters().stream().map(DashboardSpec.Filter::name).toList()))
            .close("tr");
      }
    }
    body.close("table");
    if (count == 0) {
      body.el(
          "p",
          "No pipeline declares a dashboard yet: add a 'dashboards:' section (docs/console.md).",
          "class",
          "message");
    }
    return Layout.page("Dashboards", "dashboards", body.toString());
  }

  static String href(String pipeline, String dashboard) {
    return "/pipelines/" + Html.url(pipeline) + "/dashboards/" + Html.url(dashboard);
  }

  String render(PipelineEntry entry, String name, UnaryOperator<String> query) {
    Plan plan = plan(entry);
    DashboardSpec dashboard = dashboard(plan, name);
    Map<String, String> filters = filters(dashboard, query);
    long started = System.nanoTime();
    Map<String, Long> versions = data.versions(plan);
    List<DashboardData.ChartResult> results = data.results(dashboard, filters, versions);
    long millis = (System.nanoTime() - started) / 1_000_000;
    Html body = new Html();
    if (!dashboard.description().isEmpty()) {
      body.el("p", dashboard.description());
    }
    if (!dashboard.filters().isEmpty()) {
      body.open("form", "class", "filters", "method", "get");
      for (DashboardSpec.Filter filter : dashboard.filters()) {
        body.open("label")
            .text(filter.label())
            .open(
                "input",
                "name",
                filter.name(),
                "type",
                switch (filter.type()) {
                  case DATE -> "date";
                  case NUMBER -> "number";
                  case TEXT -> "text";
                },
                "value",
                filters.get(filter.name()))
            .close("label");
      }
      body.raw("<button type=\"submit\">Apply</button>").close("form");
    }
    long cached = results.stream().filter(DashboardData.ChartResult::cached).count();
    body.el(
        "p",
        results.size()
            + " chart(s) in "
            + millis
            + " ms ("
            + cached
            + " from the cache; results are kept until a table of the pipeline has a new snapshot)",
        "class",
        "muted dashboard-timing");
    body.open(
        "div",
        "class",
        "charts",
        "data-dashboard-live",
        "/api" + href(entry.name(), dashboard.name()) + query(filters),
        "data-versions",
        JSON.valueToTree(versions).toString(),
        "data-every",
        String.valueOf(console.settings().refresh().toMillis() * 5));
    for (DashboardData.ChartResult result : results) {
      chart(body, result);
    }
    body.close("div");
    body.raw("<script src=\"/static/echarts.min.js\" defer></script>");
    body.raw("<script src=\"/static/dashboard.js\" defer></script>");
    return Layout.page(dashboard.title(), "dashboards", body.toString());
  }

  /** Whether the lake moved, for the page's live refresh. */
  String versionsJson(PipelineEntry entry, String name) {
    Plan plan = plan(entry);
    dashboard(plan, name);
    return JSON.valueToTree(data.versions(plan)).toString();
  }

  private static void chart(Html body, DashboardData.ChartResult result) {
    DashboardSpec.Chart chart = result.chart();
    String type = chart.type().name().toLowerCase(Locale.ROOT);
    body.open(
            "section",
            "class",
            "chart-box " + type,
            "id",
            "chart-" + chart.name(),
            "data-chart-name",
            chart.name())
        .el("h3", chart.title());
    if (!result.error().isEmpty()) {
      body.el("p", result.error(), "class", "error");
    } else if (chart.type() == ChartType.NUMBER) {
      QueryResult rows = result.result();
      int column = rows.columns().indexOf(chart.y().get(0));
      String value = rows.rows().isEmpty() || column < 0 ? "" : rows.rows().get(0).get(column);
      body.el(
          "div",
          value == null ? "NULL" : value,
          "class",
          "big-number",
          "data-format",
          chart.format());
    } else if (chart.type() == ChartType.TABLE) {
      LakePages.result(body, result.result());
    } else {
      body.open("div", "class", "chart", "data-chart", spec(chart, result.result()).toString())
          .close("div");
    }
    body.close("section");
  }

  /** What the browser draws: the chart's settings and its rows. */
  static ObjectNode spec(DashboardSpec.Chart chart, QueryResult result) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", chart.type().name().toLowerCase(Locale.ROOT));
    chart.x().ifPresent(x -> node.put("x", x));
    ArrayNode y = node.putArray("y");
    chart.y().forEach(y::add);
    chart.series().ifPresent(s -> node.put("series", s));
    chart.lat().ifPresent(s -> node.put("lat", s));
    chart.lon().ifPresent(s -> node.put("lon", s));
    node.put("bins", chart.bins())
        .put("stacked", chart.stacked())
        .put("horizontal", chart.horizontal())
        .put("format", chart.format());
    ArrayNode columns = node.putArray("columns");
    result.columns().forEach(columns::add);
    ArrayNode rows = node.putArray("rows");
    for (List<String> row : result.rows()) {
      ArrayNode line = rows.addArray();
      row.forEach(line::add);
    }
    for (String column : chart.columns()) {
      if (!result.columns().contains(column)) {
        node.put(
            "error", "The query has no column '" + column + "'; it returns " + result.columns());
      }
    }
    return node;
  }

  private static Plan plan(PipelineEntry entry) {
    return entry
        .plan()
        .orElseThrow(
            () ->
                new SluiceException(
                    ErrorCode.INVALID_VALUE,
                    "Pipeline " + entry.name() + " has problems; its dashboards cannot run"));
  }

  private static DashboardSpec dashboard(Plan plan, String name) {
    DashboardSpec dashboard = plan.spec().dashboards().get(name);
    if (dashboard == null) {
      throw new SluiceException(
          ErrorCode.UNDEFINED_REFERENCE,
          "Pipeline " + plan.spec().name() + " has no dashboard " + name);
    }
    return dashboard;
  }

  private static Map<String, String> filters(DashboardSpec dashboard, UnaryOperator<String> query) {
    Map<String, String> values = new LinkedHashMap<>();
    for (DashboardSpec.Filter filter : dashboard.filters()) {
      String given = query.apply(filter.name());
      values.put(filter.name(), given == null || given.isBlank() ? filter.defaultValue() : given);
    }
    return values;
  }

  private static String query(Map<String, String> filters) {
    if (filters.isEmpty()) {
      return "";
    }
    StringBuilder query = new StringBuilder("?");
    filters.forEach(
        (k, v) -> query.append(Html.url(k)).append('=').append(Html.url(v)).append('&'));
    return query.substring(0, query.length() - 1);
  }
}
