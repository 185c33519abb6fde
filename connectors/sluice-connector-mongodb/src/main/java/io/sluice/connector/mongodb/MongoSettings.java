package io.sluice.connector.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a write needs on an executor, resolved on the driver: where (the connection string
 * with its extra parameters, the collection), how (ordered or not, batch size, write concern) and
 * how hard to try (retries on transient errors). Serializable: it travels with the tasks.
 */
record MongoSettings(
    String uri,
    String database,
    String collection,
    List<String> keys,
    boolean ordered,
    int batchSize,
    String writeConcern,
    int retries,
    Duration retryDelay)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  MongoSettings {
    keys = List.copyOf(keys);
  }

  /** What a reader needs: where to read (the write settings are the defaults, unused). */
  static MongoSettings reading(String uri, String database, String collection) {
    return new MongoSettings(
        uri, database, collection, List.of(), false, 1000, "majority", 0, Duration.ZERO);
  }

  /** {@code uri} with the {@code options:} map appended as connection-string parameters. */
  static String withParameters(String uri, Map<String, String> parameters) {
    if (parameters.isEmpty()) {
      return uri;
    }
    StringBuilder result = new StringBuilder(uri);
    boolean hasQuery = uri.indexOf('?') >= 0;
    if (!hasQuery) {
      // mongodb://host:port needs the path slash before the query: mongodb://host:port/?a=b
      int hosts = uri.indexOf("://") + 3;
      if (uri.indexOf('/', hosts) < 0) {
        result.append('/');
      }
      result.append('?');
    } else if (!uri.endsWith("?") && !uri.endsWith("&")) {
      result.append('&');
    }
    StringBuilder query = new StringBuilder();
    new TreeMap<>(parameters)
        .forEach(
            (key, value) ->
                query.append(query.length() == 0 ? "" : "&").append(key).append('=').append(value));
    return result.append(query).toString();
  }

  /** The driver's settings: the connection string and the write concern. */
  MongoClientSettings clientSettings() {
    ConnectionString parsed = new ConnectionString(uri);
    MongoClientSettings.Builder builder =
        MongoClientSettings.builder()
            .applyConnectionString(parsed)
            .writeConcern(concern(writeConcern));
    if (parsed.getServerSelectionTimeout() == null) {
      // the driver waits 30 s for a server by default; a run should say sooner that there is none
      builder.applyToClusterSettings(
          cluster -> cluster.serverSelectionTimeout(10, java.util.concurrent.TimeUnit.SECONDS));
    }
    return builder.build();
  }

  /** majority (default), acknowledged, journaled, unacknowledged, or a number of members. */
  static WriteConcern concern(String name) {
    String value = name.trim().toLowerCase(Locale.ROOT);
    switch (value) {
      case "majority":
        return WriteConcern.MAJORITY;
      case "acknowledged":
        return WriteConcern.ACKNOWLEDGED;
      case "journaled":
        return WriteConcern.JOURNALED;
      case "unacknowledged":
        return WriteConcern.UNACKNOWLEDGED;
      default:
        if (value.matches("[0-9]{1,2}")) {
          return new WriteConcern(Integer.parseInt(value));
        }
        throw new IllegalArgumentException(
            "write_concern '" + name + "' is not majority, acknowledged, journaled or a number");
    }
  }

  /** {@code database.collection} on its hosts, never with credentials. */
  String describe() {
    ConnectionString parsed = new ConnectionString(uri);
    return "mongodb " + String.join(",", parsed.getHosts()) + " " + database + "." + collection;
  }
}
