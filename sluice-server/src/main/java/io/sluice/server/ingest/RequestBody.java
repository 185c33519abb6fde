package io.sluice.server.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reading a request's body: at most a stream's limit, as JSON (one value or an array) or NDJSON.
 */
final class RequestBody {
  private RequestBody() {}

  static boolean isNdjson(String contentType) {
    return contentType != null
        && (contentType.toLowerCase(Locale.ROOT).contains("ndjson")
            || contentType.toLowerCase(Locale.ROOT).contains("jsonlines")
            || contentType.toLowerCase(Locale.ROOT).contains("json-seq"));
  }

  static List<JsonNode> parse(byte[] body, String contentType) throws JsonProcessingException {
    List<JsonNode> records = new ArrayList<>();
    if (isNdjson(contentType)) {
      String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty()) {
          continue;
        }
        try {
          records.add(Answer.JSON.readTree(line));
        } catch (JsonProcessingException e) {
          throw new LineException(i + 1, e);
        }
      }
      return records;
    }
    JsonNode root;
    try (JsonParser parser = Answer.JSON.createParser(body)) {
      root = Answer.JSON.readTree(parser);
      if (parser.nextToken() != null) {
        throw new JsonParseProblem(
            "more than one JSON value; send an array, or NDJSON with Content-Type:"
                + " application/x-ndjson");
      }
    } catch (JsonProcessingException e) {
      throw e;
    } catch (IOException e) {
      throw new JsonParseProblem(e.getMessage());
    }
    if (root == null) {
      return records;
    }
    if (root.isArray()) {
      root.forEach(records::add);
    } else {
      records.add(root);
    }
    return records;
  }

  /** A JSON problem found outside Jackson's parser. */
  static final class JsonParseProblem extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    JsonParseProblem(String message) {
      super(message);
    }
  }

  /** A bad NDJSON line. */
  static final class LineException extends JsonProcessingException {
    private static final long serialVersionUID = 1L;

    LineException(int line, JsonProcessingException cause) {
      super("line " + line + ": " + cause.getOriginalMessage(), cause);
    }
  }

  static String location(JsonProcessingException e) {
    return e.getLocation() == null || e instanceof LineException
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /** Reads up to {@code limit} bytes; null when the body is longer. */
  static byte[] readAtMost(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[16_384];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > limit) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * The SHA-256 of the records as compact JSON, one per line: the same records give the same
   * fingerprint whether they came as a JSON array, NDJSON or with other white space.
   */
  static String fingerprint(List<JsonNode> records) {
    try {
      java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
      for (JsonNode record : records) {
        digest.update(record.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update((byte) '\n');
      }
      return java.util.HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
