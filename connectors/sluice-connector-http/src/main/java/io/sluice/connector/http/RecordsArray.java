package io.sluice.connector.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the records array of a page's answer in its bytes with Jackson's streaming parser: the
 * fields on the way are skipped without building a tree, the array's records are counted (and
 * checked to be well-formed JSON) by skipping over them, and the array is returned as the bytes the
 * API sent. The crawl writes those bytes into its message as they are: no tree of 200 records to
 * build and serialize again per page.
 */
final class RecordsArray {
  private static final JsonFactory JSON = new JsonFactory();

  private RecordsArray() {}

  /** The records array at {@code path} of {@code body} (an answer of {@code address}). */
  static ApiClient.Page find(long page, String address, byte[] body, List<String> path) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT || !descend(parser, path, 0)) {
        throw missing(address, body, path);
      }
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        throw missing(address, body, path);
      }
      int start = (int) parser.currentTokenLocation().getByteOffset();
      int count = 0;
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        parser.skipChildren();
        count++;
      }
      int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
      while (parser.nextToken() != null) { // the rest of the answer must be JSON too
        parser.skipChildren();
      }
      return new ApiClient.Page(page, Arrays.copyOfRange(body, start, end), count);
    } catch (IOException e) {
      throw new CrawlException(
          "GET " + address + " answered 200 with a body that is not JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Moves the parser, inside an object, to the value of {@code path[depth]} and, for the last name,
   * stops on its first token; false when the object has no such field.
   */
  private static boolean descend(JsonParser parser, List<String> path, int depth)
      throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals(path.get(depth))) {
        if (depth == path.size() - 1) {
          return true;
        }
        return value == JsonToken.START_OBJECT && descend(parser, path, depth + 1);
      }
      parser.skipChildren();
    }
    return false;
  }

  /**
   * The message of one page, {"page": n, "field": [...]}, with the records array's bytes as the API
   * sent them.
   */
  static byte[] message(long page, String field, byte[] records) {
    byte[] head =
        ("{\"page\":" + page + "," + quoted(field) + ":").getBytes(StandardCharsets.UTF_8);
    byte[] message = Arrays.copyOf(head, head.length + records.length + 1);
    System.arraycopy(records, 0, message, head.length, records.length);
    message[message.length - 1] = '}';
    return message;
  }

  private static String quoted(String field) {
    StringBuilder quoted = new StringBuilder("\"");
    com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(field, quoted);
    return quoted.append('"').toString();
  }

  private static CrawlException missing(String address, byte[] body, List<String> path) {
    return new CrawlException(
        "GET "
            + address
            + " answered 200 without an array at $."
            + String.join(".", path)
            + " (records_path); the answer began: "
            + ApiClient.abbreviate(new String(body, StandardCharsets.UTF_8)));
  }
}
