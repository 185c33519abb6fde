package io.sluice.core.docs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.ConnectorRegistry;
import io.sluice.spec.FormatOptions;
import io.sluice.spi.ConnectorFactory;
import io.sluice.spi.Option;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the JSON Schema of pipeline files from the option constants of the format and of every
 * installed connector, for editor completion (yaml-language-server) and for the docs.
 */
public final class JsonSchemaGenerator {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonSchemaGenerator() {}

  public static String generate(ConnectorRegistry registry) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("title", "Sluice pipeline file");
    ObjectNode top = object(FormatOptions.TOP_LEVEL);
    top.remove("required");
    top.putArray("required").add("pipeline");
    ObjectNode properties = (ObjectNode) top.get("properties");
    properties.set(
        "parameters",
        mapOf(
            MAPPER
                .createObjectNode()
                .set(
                    "oneOf",
                    MAPPER
                        .createArrayNode()
                        .add(MAPPER.createObjectNode().put("type", "string"))
                        .add(object(FormatOptions.PARAMETER))),
            FormatOptions.PARAMETERS));
    ObjectNode profile = object(FormatOptions.PROFILE);
    ((ObjectNode) profile.get("properties"))
        .set("spark", described(object(FormatOptions.SPARK_SECTION), FormatOptions.SPARK));
    properties.set("profiles", mapOf(profile, FormatOptions.PROFILES));
    properties.set("spark", described(object(FormatOptions.SPARK_SECTION), FormatOptions.SPARK));
    properties.set("sources", mapOf(connectors(registry, true), FormatOptions.SOURCES));
    ObjectNode dataset = object(FormatOptions.DATASET);
    ObjectNode expectation = object(FormatOptions.EXPECTATION);
    ((ObjectNode) dataset.get("properties"))
        .set(
            "expect",
            described(
                MAPPER.createObjectNode().put("type", "array").set("items", expectation),
                FormatOptions.EXPECT));
    properties.set("datasets", mapOf(dataset, FormatOptions.DATASETS));
    properties.set("sinks", mapOf(connectors(registry, false), FormatOptions.SINKS));
    root.setAll(top);
    try {
      return MAPPER.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the JSON schema", e);
    }
  }

  private static ObjectNode connectors(ConnectorRegistry registry, boolean sources) {
    ArrayNode oneOf = MAPPER.createArrayNode();
    for (ConnectorFactory factory : registry.all()) {
      List<Option<?>> options =
          new ArrayList<>(sources ? FormatOptions.SOURCE_COMMON : FormatOptions.SINK_COMMON);
      options.addAll(sources ? factory.sourceOptions() : factory.sinkOptions());
      if ((sources ? factory.sourceOptions() : factory.sinkOptions()).isEmpty()) {
        continue;
      }
      ObjectNode schema = object(options);
      ((ObjectNode) schema.get("properties"))
          .set(
              "type",
              MAPPER
                  .createObjectNode()
                  .put("const", factory.id())
                  .put("description", factory.description()));
      oneOf.add(schema);
    }
    ObjectNode node = MAPPER.createObjectNode();
    node.set("oneOf", oneOf);
    return node;
  }

  private static ObjectNode mapOf(ObjectNode value, Option<?> option) {
    ObjectNode node =
        MAPPER.createObjectNode().put("type", "object").put("description", option.description());
    node.set("additionalProperties", value);
    return node;
  }

  private static ObjectNode described(ObjectNode node, Option<?> option) {
    return node.put("description", option.description());
  }

  private static ObjectNode object(List<Option<?>> options) {
    ObjectNode node =
        MAPPER.createObjectNode().put("type", "object").put("additionalProperties", false);
    ObjectNode properties = node.putObject("properties");
    ArrayNode required = node.putArray("required");
    for (Option<?> option : options) {
      properties.set(option.key(), property(option));
      if (option.required()) {
        required.add(option.key());
      }
    }
    return node;
  }

  private static ObjectNode property(Option<?> option) {
    ObjectNode node = MAPPER.createObjectNode().put("description", option.description());
    switch (option.type()) {
      case STRING -> node.put("type", "string");
      case INT, LONG -> node.put("type", "integer");
      case DOUBLE -> node.put("type", "number");
      case BOOLEAN -> node.put("type", "boolean");
      case STRING_LIST -> node.put("type", "array").putObject("items").put("type", "string");
      case STRING_MAP ->
          node.put("type", "object").putObject("additionalProperties").put("type", "string");
      case ENUM -> {
        ArrayNode values = node.putArray("enum");
        option.allowedValues().forEach(values::add);
      }
      case DURATION ->
          node.put("type", "string").put("pattern", "^\\s*\\d+\\s*(ms|s|m|h|d|[a-z]+)\\s*$");
      case SECTION -> node.put("type", "object");
    }
    option.defaultValue().ifPresent(value -> node.put("default", String.valueOf(value)));
    return node;
  }
}
