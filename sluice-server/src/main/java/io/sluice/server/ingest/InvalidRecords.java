package io.sluice.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The 400 answer to a request with any record that does not fit its stream: each problem by record
 * index and field (the first 100), and how many records were bad. Nothing of such a request is
 * written.
 */
final class InvalidRecords {
  private InvalidRecords() {}

  /** The 400 answer listing every record's problems, or null when all records fit. */
  static Answer check(IngestStream stream, List<JsonNode> records) {
    RecordValidator validator = new RecordValidator(stream);
    List<RecordValidator.Problem> problems = new ArrayList<>();
    int bad = 0;
    for (int i = 0; i < records.size(); i++) {
      List<RecordValidator.Problem> found = validator.check(i, records.get(i));
      found.addAll(UnknownFields.problems(stream, i, records.get(i)));
      if (!found.isEmpty()) {
        bad++;
        problems.addAll(found);
      }
    }
    if (problems.isEmpty()) {
      return null;
    }
    ObjectNode answer =
        Answer.JSON
            .createObjectNode()
            .put("error", "invalid_records")
            .put(
                "message",
                bad
                    + " of "
                    + records.size()
                    + " records do not fit stream '"
                    + stream.name()
                    + "'; the request was refused whole and nothing was written")
            .put("records", records.size())
            .put("invalid_records", bad);
    ArrayNode list = answer.putArray("problems");
    problems.stream()
        .limit(100)
        .forEach(
            p ->
                list.addObject()
                    .put("index", p.index())
                    .put("field", p.field())
                    .put("problem", p.message()));
    answer.put("problems_not_listed", Math.max(0, problems.size() - 100));
    return new Answer(400, answer.toString());
  }
}
