package io.sluice.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.browse.TableInfo;
import io.sluice.core.plan.Plan;
import io.sluice.core.plan.PlannedDataset;
import io.sluice.core.plan.PlannedSink;
import io.sluice.core.plan.PlannedSource;
import io.sluice.spi.Option;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * OpenLineage run events (spec 2-0-2) for a plan: a job for the pipeline and one per step (its
 * parent the pipeline's run), each step's inputs (upstream tables, or its source: a file path, a
 * topic, a URL, with the declared columns as a schema facet) and outputs (its table, or a sink's
 * target, with the rows written as outputStatistics); a table's columns, once a step of the run
 * wrote it, become the schema facet of that table wherever it appears.
 */
final class LineageEvents {
  static final String PRODUCER = "https://github.com/sluice-data/sluice";
  private static final String SPEC = "https://openlineage.io/spec/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Option<Map<String, String>> COLUMNS =
      Option.key("columns").stringMapType().noDefaultValue().description("declared columns");

  private final Plan plan;
  private final String namespace;
  private final String lake;

  LineageEvents(Plan plan, String namespace) {
    this.plan = plan;
    this.namespace = namespace;
    this.lake = plan.spec().settings().lake();
  }

  /** The OpenLineage run id of a Sluice run (or step) id: a name-based UUID. */
  static String runId(String id) {
    return UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The pipeline's event: START, COMPLETE or FAIL of the whole run. */
  ObjectNode pipeline(String type, String runId, Instant at, Optional<String> error) {
    ObjectNode event = event(type, at, runId(runId), plan.spec().name(), "JOB", "BATCH");
    error.ifPresent(message -> errorFacet(event, message));
    return event;
  }

  /** A step's event, child of the pipeline's run; with inputs and, once it ends, outputs. */
  ObjectNode step(
      String type,
      String runId,
      String step,
      String kind,
      Instant at,
      Optional<Long> rowsOut,
      Optional<String> error,
      Map<String, List<TableInfo.Column>> schemas) {
    ObjectNode event =
        event(
            type,
            at,
            runId(runId + "/" + step),
            plan.spec().name() + "." + step,
            "TASK",
            kind.equals("stream") ? "STREAMING" : "BATCH");
    ObjectNode parent =
        facet((ObjectNode) event.get("run").get("facets"), "parent", "ParentRunFacet");
    parent.putObject("run").put("runId", runId(runId));
    parent.putObject("job").put("namespace", namespace).put("name", plan.spec().name());
    ArrayNode inputs = event.putArray("inputs");
    ArrayNode outputs = event.putArray("outputs");
    Optional<PlannedDataset> dataset = plan.dataset(step);
    Optional<PlannedSink> sink =
        plan.sinks().stream().filter(s -> s.spec().name().equals(step)).findFirst();
    if (dataset.isPresent()) {
      for (String upstream : dataset.get().upstream()) {
        schema(inputs.addObject().put("namespace", lake).put("name", upstream), schemas, upstream);
      }
      if (dataset.get().source() != null) {
        source(inputs.addObject(), dataset.get().source());
      }
      ObjectNode output = outputs.addObject().put("namespace", lake).put("name", step);
      schema(output, schemas, step);
      output(output, rowsOut);
    } else if (sink.isPresent()) {
      String from = sink.get().spec().from();
      schema(inputs.addObject().put("namespace", lake).put("name", from), schemas, from);
      ObjectNode output =
          outputs
              .addObject()
              .put("namespace", sink.get().spec().type())
              .put("name", target(sink.get().options().asMap(), step));
      schema(output, schemas, step);
      output(output, rowsOut);
    }
    error.ifPresent(message -> errorFacet(event, message));
    return event;
  }

  static String json(ObjectNode event) {
    try {
      return JSON.writeValueAsString(event);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private ObjectNode event(
      String type, Instant at, String runId, String job, String jobType, String processing) {
    ObjectNode event = JSON.createObjectNode();
    event.put("eventType", type);
    event.put("eventTime", at.toString());
    event.putObject("run").put("runId", runId).putObject("facets");
    ObjectNode jobNode = event.putObject("job").put("namespace", namespace).put("name", job);
    facet(jobNode.putObject("facets"), "jobType", "JobTypeJobFacet")
        .put("processingType", processing)
        .put("integration", "SLUICE")
        .put("jobType", jobType);
    event.put("producer", PRODUCER);
    event.put("schemaURL", SPEC + "2-0-2/OpenLineage.json#/$defs/RunEvent");
    return event;
  }

  /** A source as an input dataset: its type as namespace, its path, topic or URL as name. */
  private void source(ObjectNode input, PlannedSource source) {
    Map<String, Object> options = source.options().asMap();
    input.put("namespace", source.spec().type()).put("name", target(options, source.spec().name()));
    source
        .options()
        .find(COLUMNS)
        .filter(columns -> !columns.isEmpty())
        .ifPresent(
            columns -> {
              ArrayNode fields =
                  facet(input.putObject("facets"), "schema", "SchemaDatasetFacet")
                      .putArray("fields");
              columns.forEach(
                  (name, type) -> fields.addObject().put("name", name).put("type", type));
            });
  }

  /** The schema facet of a dataset whose columns a step of this run reported. */
  private static void schema(
      ObjectNode dataset, Map<String, List<TableInfo.Column>> schemas, String step) {
    List<TableInfo.Column> columns = schemas.get(step);
    if (columns == null || columns.isEmpty()) {
      return;
    }
    ArrayNode fields = facet(facets(dataset), "schema", "SchemaDatasetFacet").putArray("fields");
    columns.forEach(
        column -> fields.addObject().put("name", column.name()).put("type", column.type()));
  }

  private static ObjectNode facets(ObjectNode dataset) {
    return dataset.has("facets") ? (ObjectNode) dataset.get("facets") : dataset.putObject("facets");
  }

  private static String target(Map<String, Object> options, String fallback) {
    for (String key : List.of("path", "topic", "table", "collection", "url")) {
      Object value = options.get(key);
      if (value instanceof String text && !text.isBlank()) {
        // a URL without its query and user (a JDBC URL's ?user=..&password=..)
        return text.replaceAll("\\?.*$", "").replaceAll("//[^/@]*@", "//");
      }
    }
    return fallback;
  }

  private static void output(ObjectNode output, Optional<Long> rows) {
    rows.ifPresent(
        count ->
            facet(
                    output.putObject("outputFacets"),
                    "outputStatistics",
                    "OutputStatisticsOutputDatasetFacet")
                .put("rowCount", count));
  }

  private static void errorFacet(ObjectNode event, String message) {
    facet((ObjectNode) event.get("run").get("facets"), "errorMessage", "ErrorMessageRunFacet")
        .put("message", message)
        .put("programmingLanguage", "JAVA");
  }

  /** A facet object under {@code parent} with its producer and schema URL. */
  private static ObjectNode facet(ObjectNode parent, String name, String schema) {
    return parent
        .putObject(name)
        .put("_producer", PRODUCER)
        .put("_schemaURL", SPEC + "facets/1-0-1/" + schema + ".json#/$defs/" + schema);
  }
}
