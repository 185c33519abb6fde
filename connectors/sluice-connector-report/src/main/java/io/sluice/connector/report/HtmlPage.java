package io.sluice.connector.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The report page: every section, ECharts inlined, readable without a network. */
final class HtmlPage {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
  private static String echarts;

  private HtmlPage() {}

  private static synchronized String echarts() {
    if (echarts == null) {
      try (InputStream in = HtmlPage.class.getClassLoader().getResourceAsStream(ECHARTS)) {
        if (in == null) {
          throw new IllegalStateException(
              ECHARTS + " is not on the class path (org.webjars.npm:echarts:5.3.1)");
        }
        echarts = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return echarts;
  }

  static String render(String title, List<Section> sections) {
    StringBuilder html = new StringBuilder(1_200_000);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:system-ui,-apple-system,'Noto Sans KR','Malgun Gothic',sans-serif;"
                + "margin:2rem auto;max-width:1000px;color:#222;padding:0 1rem}"
                + "h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.5rem}"
                + ".chart{width:100%;height:420px}"
                + "table{border-collapse:collapse;font-size:.9rem}"
                + "th,td{border:1px solid #ddd;padding:.25rem .6rem;text-align:left}"
                + "th{background:#f4f4f4}td.n{text-align:right}"
                + ".meta{color:#777;font-size:.8rem}\n")
        .append("</style>\n<script>")
        .append(echarts().replace("</script", "<\\/script"))
        .append("</script>\n</head><body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n<p class=\"meta\">Written by Sluice at ")
        .append(
            ZonedDateTime.now(java.time.ZoneOffset.UTC)
                .format(DateTimeFormatter.RFC_1123_DATE_TIME))
        .append("</p>\n");
    int chartIndex = 0;
    for (Section section : sections) {
      html.append("<h2>").append(escape(section.heading())).append("</h2>\n");
      if (!section.text().isBlank()) {
        html.append("<p>").append(escape(section.text())).append("</p>\n");
      }
      if (section.chart().equals("bar") && section.x().isPresent() && section.y().isPresent()) {
        String id = "chart" + chartIndex++;
        html.append("<div class=\"chart\" id=\"")
            .append(id)
            .append("\"></div>\n")
            .append("<script>echarts.init(document.getElementById('")
            .append(id)
            .append("')).setOption(")
            .append(barOption(section).toString().replace("</", "<\\/"))
            .append(");</script>\n")
            .append("<p class=\"meta\">Also as <a href=\"")
            .append(escape(section.name()))
            .append(".png\">")
            .append(escape(section.name()))
            .append(".png</a>.</p>\n");
      } else {
        table(html, section);
      }
    }
    return html.append("</body></html>\n").toString();
  }

  private static ObjectNode barOption(Section section) {
    Section.Bars bars = section.bars();
    ObjectNode option = JSON.createObjectNode();
    option.putObject("tooltip").put("trigger", "axis");
    option.putObject("legend").put("top", 0);
    option.putObject("grid").put("left", 60).put("right", 20).put("bottom", 60);
    ObjectNode x = option.putObject("xAxis").put("type", "category").put("name", section.x().get());
    x.put("nameLocation", "middle").put("nameGap", 35);
    ArrayNode categories = x.putArray("data");
    bars.categories().forEach(categories::add);
    option
        .putObject("yAxis")
        .put("type", "value")
        .put("name", section.yLabel().orElse(section.y().get()));
    ArrayNode series = option.putArray("series");
    for (Map.Entry<String, List<Double>> e : bars.series().entrySet()) {
      ObjectNode s = series.addObject().put("name", e.getKey()).put("type", "bar");
      ArrayNode data = s.putArray("data");
      e.getValue().forEach(data::add);
    }
    return option;
  }

  private static void table(StringBuilder html, Section section) {
    html.append("<table><thead><tr>");
    for (String column : section.columns()) {
      html.append("<th>").append(escape(column)).append("</th>");
    }
    html.append("</tr></thead><tbody>\n");
    for (List<JsonNode> row : section.rows()) {
      html.append("<tr>");
      for (JsonNode value : row) {
        html.append(value.isNumber() ? "<td class=\"n\">" : "<td>")
            .append(escape(value.isNull() ? "" : value.asText()))
            .append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody></table>\n<p class=\"meta\">")
        .append(section.rows().size())
        .append(" rows</p>\n");
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
