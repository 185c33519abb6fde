package io.sluice.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks records against a stream's declared columns: each must be a JSON object, have every
 * required field not null, and have values that fit the declared Spark SQL types. Fields that are
 * not declared are kept in Kafka and ignored when the records are read.
 */
final class RecordValidator {
  /** One problem of one record. */
  record Problem(int index, String field, String message) {}

  private final IngestStream stream;

  RecordValidator(IngestStream stream) {
    this.stream = stream;
  }

  List<Problem> check(int index, JsonNode record) {
    List<Problem> problems = new ArrayList<>();
    if (!record.isObject()) {
      problems.add(
          new Problem(
              index, "", "expected a JSON object, got " + kind(record) + " " + brief(record)));
      return problems;
    }
    for (String field : stream.required()) {
      JsonNode value = record.get(field);
      if (value == null || value.isNull()) {
        problems.add(new Problem(index, field, "required field is missing or null"));
      }
    }
    for (Map.Entry<String, String> column : stream.columns().entrySet()) {
      JsonNode value = record.get(column.getKey());
      if (value == null || value.isNull()) {
        continue;
      }
      mismatch(column.getValue(), value)
          .ifPresent(message -> problems.add(new Problem(index, column.getKey(), message)));
    }
    return problems;
  }

  /** Why {@code value} does not fit {@code type}, or empty when it fits. */
  static Optional<String> mismatch(String type, JsonNode value) {
    String t = type.trim().toLowerCase(Locale.ROOT);
    boolean fits;
    if (t.equals("string") || t.startsWith("varchar") || t.startsWith("char")) {
      fits = value.isTextual();
    } else if (t.equals("int")
        || t.equals("integer")
        || t.equals("smallint")
        || t.equals("tinyint")) {
      fits = value.isIntegralNumber() && value.canConvertToInt();
    } else if (t.equals("bigint") || t.equals("long")) {
      fits = value.isIntegralNumber() && value.canConvertToLong();
    } else if (t.equals("double") || t.equals("float") || t.startsWith("decimal")) {
      fits = value.isNumber();
    } else if (t.equals("boolean")) {
      fits = value.isBoolean();
    } else if (t.equals("date")) {
      fits = value.isTextual() && parses(() -> LocalDate.parse(value.asText()));
    } else if (t.startsWith("timestamp")) {
      fits =
          value.isTextual()
              && (parses(() -> OffsetDateTime.parse(value.asText()))
                  || parses(() -> java.time.LocalDateTime.parse(value.asText())));
    } else if (t.startsWith("array")) {
      fits = value.isArray();
    } else if (t.startsWith("struct") || t.startsWith("map")) {
      fits = value.isObject();
    } else {
      fits = true; // a type the endpoint does not check; Spark checks it when reading
    }
    return fits
        ? Optional.empty()
        : Optional.of("expected " + type + ", got " + kind(value) + " " + brief(value));
  }

  private static boolean parses(Runnable parse) {
    try {
      parse.run();
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  private static String kind(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "a string";
      case NUMBER -> value.isIntegralNumber() ? "an integer" : "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String brief(JsonNode value) {
    String text = value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
