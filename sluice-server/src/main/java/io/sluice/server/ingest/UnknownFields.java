package io.sluice.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.spec.OptionReader;
import io.sluice.spi.IngestPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A stream's {@code unknown_fields} policy applied to its records: fields the stream does not
 * declare are refused (reject), removed (drop) or moved into one JSON object in {@link
 * IngestPolicy#UNKNOWN_FIELDS_COLUMN} (keep), so that none is lost without a decision.
 */
final class UnknownFields {
  private UnknownFields() {}

  /** With the reject policy, one problem per undeclared field of {@code record}. */
  static List<RecordValidator.Problem> problems(IngestStream stream, int index, JsonNode record) {
    List<RecordValidator.Problem> problems = new ArrayList<>();
    if (stream.policy().unknownFields() != IngestPolicy.UnknownFields.REJECT
        || !record.isObject()) {
      return problems;
    }
    for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!stream.columns().containsKey(field)) {
        problems.add(
            new RecordValidator.Problem(
                index,
                field,
                "field is not declared by the stream (unknown_fields: reject); "
                    + OptionReader.suggestion(field, stream.columns().keySet())
                    + "declared: "
                    + new TreeSet<>(stream.columns().keySet())));
      }
    }
    return problems;
  }

  /**
   * Applies the keep or drop policy to valid records before they are written; returns how many
   * undeclared fields were moved or removed.
   */
  static long apply(IngestStream stream, List<JsonNode> records) {
    IngestPolicy.UnknownFields policy = stream.policy().unknownFields();
    if (policy == IngestPolicy.UnknownFields.REJECT) {
      return 0;
    }
    Map<String, String> declared = stream.columns();
    long count = 0;
    for (JsonNode node : records) {
      ObjectNode record = (ObjectNode) node;
      ObjectNode unknown = null;
      for (Iterator<Map.Entry<String, JsonNode>> fields = record.properties().iterator();
          fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (declared.containsKey(field.getKey())) {
          continue;
        }
        if (policy == IngestPolicy.UnknownFields.KEEP) {
          if (unknown == null) {
            unknown = Answer.JSON.createObjectNode();
          }
          unknown.set(field.getKey(), field.getValue());
        }
        fields.remove();
        count++;
      }
      if (unknown != null) {
        record.put(IngestPolicy.UNKNOWN_FIELDS_COLUMN, unknown.toString());
      }
    }
    return count;
  }
}
