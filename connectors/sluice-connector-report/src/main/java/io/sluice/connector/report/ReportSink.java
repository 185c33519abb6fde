package io.sluice.connector.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SluiceException;
import io.sluice.spi.spark.SinkContext;
import io.sluice.spi.spark.SinkResult;
import io.sluice.spi.spark.SparkBatchSink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes one section as {@code sections/<sink>.json} under the report folder, then renders {@code
 * index.html} from every section there and the section's chart as {@code <sink>.png}.
 */
final class ReportSink implements SparkBatchSink {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ResolvedOptions options;

  ReportSink(ResolvedOptions options) {
    this.options = options;
  }

  @Override
  public String describeTarget() {
    return Path.of(options.get(ReportConnectorFactory.PATH)).resolve("index.html").toString();
  }

  @Override
  public SinkResult write(Dataset<Row> data, SinkContext context) {
    Path folder = Path.of(options.get(ReportConnectorFactory.PATH));
    List<String> columns = Arrays.asList(data.columns());
    String chart = options.get(ReportConnectorFactory.CHART).toLowerCase(Locale.ROOT);
    for (var column :
        List.of(
            ReportConnectorFactory.X, ReportConnectorFactory.Y, ReportConnectorFactory.SERIES)) {
      options
          .find(column)
          .filter(name -> !columns.contains(name))
          .ifPresent(
              name -> {
                throw new SluiceException(
                    ErrorCode.UNDEFINED_REFERENCE,
                    "Cannot write report section '"
                        + context.sinkName()
                        + "': "
                        + column.key()
                        + " column '"
                        + name
                        + "' is not in the dataset (columns: "
                        + String.join(", ", columns)
                        + ")");
              });
    }
    int maxRows = options.get(ReportConnectorFactory.MAX_ROWS);
    List<Row> rows = data.limit(maxRows).collectAsList();
    ObjectNode section = JSON.createObjectNode();
    section.put("name", context.sinkName());
    section.put("order", options.get(ReportConnectorFactory.ORDER));
    section.put("heading", options.find(ReportConnectorFactory.HEADING).orElse(context.sinkName()));
    section.put("text", options.find(ReportConnectorFactory.TEXT).orElse(""));
    section.put("chart", chart);
    options.find(ReportConnectorFactory.X).ifPresent(v -> section.put("x", v));
    options.find(ReportConnectorFactory.Y).ifPresent(v -> section.put("y", v));
    options.find(ReportConnectorFactory.SERIES).ifPresent(v -> section.put("series", v));
    options.find(ReportConnectorFactory.Y_LABEL).ifPresent(v -> section.put("y_label", v));
    section.put("run_id", context.runId());
    ArrayNode columnNodes = section.putArray("columns");
    columns.forEach(columnNodes::add);
    ArrayNode rowNodes = section.putArray("rows");
    for (Row row : rows) {
      ArrayNode values = rowNodes.addArray();
      for (int i = 0; i < row.length(); i++) {
        Object value = row.get(i);
        if (value == null) {
          values.addNull();
        } else if (value instanceof Number number) {
          values.add(new BigDecimal(number.toString()));
        } else {
          values.add(value.toString());
        }
      }
    }
    try {
      Path sections = Files.createDirectories(folder.resolve("sections"));
      writeAtomically(
          sections.resolve(context.sinkName() + ".json"), JSON.writeValueAsBytes(section));
      List<JsonNode> all = readSections(sections);
      if (chart.equals("bar")) {
        writeAtomically(
            folder.resolve(context.sinkName() + ".png"), PngChart.bar(Section.of(section)));
      }
      String page =
          HtmlPage.render(
              options.get(ReportConnectorFactory.TITLE), all.stream().map(Section::of).toList());
      writeAtomically(folder.resolve("index.html"), page.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report in " + folder, e);
    }
    return new SinkResult(folder.resolve("index.html").toAbsolutePath().toString(), rows.size());
  }

  private static List<JsonNode> readSections(Path sections) throws IOException {
    List<JsonNode> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(sections)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        all.add(JSON.readTree(file.toFile()));
      }
    }
    all.sort(
        Comparator.comparingInt((JsonNode n) -> n.path("order").asInt())
            .thenComparing(n -> n.path("name").asText()));
    return all;
  }

  static void writeAtomically(Path target, byte[] content) throws IOException {
    Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.write(temp, content);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
