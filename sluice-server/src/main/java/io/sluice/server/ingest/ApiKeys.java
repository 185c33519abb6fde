package io.sluice.server.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys each stream accepts, kept as SHA-256 digests and compared in constant time, all of them
 * every time: a key is taken from {@code Authorization: Bearer KEY} or {@code X-API-Key: KEY}.
 */
final class ApiKeys {
  private final Map<String, byte[][]> digests = new HashMap<>();

  ApiKeys(Iterable<IngestStream> streams) {
    for (IngestStream stream : streams) {
      digests.put(
          stream.name(), stream.apiKeys().stream().map(ApiKeys::digest).toArray(byte[][]::new));
    }
  }

  /**
   * Who may go on: the refusal (401 no key, 403 a key not valid for the stream), or the index of
   * the accepted key among the stream's keys (its rate limit bucket).
   */
  record Access(Optional<Answer> refusal, int keyIndex) {}

  Access authorize(String apiKeyHeader, String authorization, IngestStream stream) {
    String key = apiKeyHeader;
    if (key == null
        && authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = authorization.substring(7).trim();
    }
    if (key == null || key.isEmpty()) {
      return new Access(
          Optional.of(
              Answer.error(
                      401,
                      "missing_api_key",
                      "Send the stream's API key as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'")
                  .with(Map.of("WWW-Authenticate", "Bearer realm=\"sluice\""))),
          -1);
    }
    byte[] offered = digest(key);
    int matched = -1;
    byte[][] accepted = digests.get(stream.name());
    for (int i = 0; i < accepted.length; i++) {
      // every key compared, in constant time
      boolean equal = MessageDigest.isEqual(offered, accepted[i]);
      matched = equal && matched < 0 ? i : matched;
    }
    return matched >= 0
        ? new Access(Optional.empty(), matched)
        : new Access(
            Optional.of(
                Answer.error(
                    403,
                    "invalid_api_key",
                    "This API key is not valid for stream '" + stream.name() + "'")),
            -1);
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
