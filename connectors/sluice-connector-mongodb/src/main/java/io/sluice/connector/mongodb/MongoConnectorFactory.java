package io.sluice.connector.mongodb;

import com.mongodb.ConnectionString;
import io.sluice.spi.Delivery;
import io.sluice.spi.DeliveryGuarantee;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.OptionProblem;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SinkConnector;
import io.sluice.spi.SluiceException;
import io.sluice.spi.StreamingSinkConnector;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SparkBatchSink;
import io.sluice.spi.spark.SparkStreamingSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code mongodb} connector. Sink: typed documents upserted on the keys' {@code _id}, from
 * batch datasets and from each micro-batch of a streaming one, effectively once; documents the
 * server refuses are quarantined with its reason. Source: a collection's documents (matching a
 * filter) as rows of declared columns, read in parallel by {@code _id} ranges.
 */
public final class MongoConnectorFactory
    implements SinkConnector, StreamingSinkConnector, io.sluice.spi.SourceConnector {
  /** The id of the service whose address is the MongoDB that {@code uri: embedded} means. */
  public static final String SERVICE = "mongodb";

  /** The {@code uri} that asks for the run's embedded MongoDB. */
  public static final String EMBEDDED = "embedded";

  public static final Option<String> URI =
      Option.key("uri")
          .stringType()
          .required()
          .description(
              "Connection string: mongodb://HOST:27017, mongodb+srv://CLUSTER (Atlas), with"
                  + " credentials from secrets ('${secret:MONGODB_URI}'); or 'embedded': the"
                  + " MongoDB wire-protocol server Sluice starts for the run (127.0.0.1:27217, data"
                  + " under .sluice/mongodb).")
          .asSecret();
  public static final Option<String> DATABASE =
      Option.key("database").stringType().required().description("Database name.");
  public static final Option<String> COLLECTION =
      Option.key("collection").stringType().required().description("Collection name.");
  public static final Option<Boolean> ORDERED =
      Option.key("ordered")
          .booleanType()
          .defaultValue(false)
          .description(
              "Ordered bulk writes stop at a refused document and go on after it; unordered ones"
                  + " (default) let the server write the rest of the batch in any order.");
  public static final Option<Integer> BATCH_SIZE =
      Option.key("batch_size")
          .intType()
          .defaultValue(1000)
          .atLeast(1)
          .description("Documents per bulk write.");
  public static final Option<String> WRITE_CONCERN =
      Option.key("write_concern")
          .stringType()
          .defaultValue("majority")
          .description(
              "majority (default: acknowledged by most members, survives a failover),"
                  + " acknowledged, journaled, or a number of members.");
  public static final Option<Integer> RETRIES =
      Option.key("retries")
          .intType()
          .defaultValue(5)
          .atLeast(0)
          .description(
              "Tries again after a transient error (network, election, write-concern timeout),"
                  + " with doubling delays; the upserts make a repeated batch harmless.");
  public static final Option<Duration> RETRY_DELAY =
      Option.key("retry_delay")
          .durationType()
          .defaultValue(Duration.ofMillis(500))
          .description("The first delay before trying again.");
  public static final Option<Map<String, String>> OPTIONS =
      Option.key("options")
          .stringMapType()
          .noDefaultValue()
          .description(
              "Connection-string options passed through: { tls: 'true', tlsCAFile: /etc/ca.pem,"
                  + " authSource: admin, maxPoolSize: '20' }.");

  public static final Option<Map<String, String>> COLUMNS =
      Option.key("columns")
          .stringMapType()
          .required()
          .description(
              "Source: the documents' fields as columns, name: Spark SQL type (string, int, bigint,"
                  + " double, decimal(10,2), timestamp, array<string>, struct<...>). Only these"
                  + " are read; _id may be one (ObjectIds read as hex strings).");
  public static final Option<String> FILTER =
      Option.key("filter")
          .stringType()
          .defaultValue("{}")
          .description(
              "Source: a MongoDB query document in JSON, such as '{\"year\": {\"$gte\": 2019}}';"
                  + " default: every document.");
  public static final Option<Integer> PARTITIONS =
      Option.key("partitions")
          .intType()
          .defaultValue(0)
          .atLeast(0)
          .description(
              "Source: _id ranges read in parallel; 0 (default): one per 50,000 matching"
                  + " documents, at most 64.");
  public static final Option<String> BAD_RECORDS =
      Option.key("bad_records")
          .stringType()
          .defaultValue("quarantine")
          .description(
              "Source: quarantine (default: kept aside with the reason and the _id), drop or fail"
                  + " on documents whose fields do not fit the declared columns.");

  @Override
  public String id() {
    return "mongodb";
  }

  @Override
  public String description() {
    return "Typed documents upserted on _id into MongoDB (or Atlas), from batch datasets and"
        + " streaming micro-batches, effectively once, refused documents quarantined; and a"
        + " collection read as typed rows";
  }

  @Override
  public Set<String> needs(ResolvedOptions options) {
    return options.get(URI).equals(EMBEDDED) ? Set.of(SERVICE) : Set.of();
  }

  @Override
  public List<Option<?>> sinkOptions() {
    return List.of(
        URI,
        DATABASE,
        COLLECTION,
        ORDERED,
        BATCH_SIZE,
        WRITE_CONCERN,
        RETRIES,
        RETRY_DELAY,
        OPTIONS);
  }

  @Override
  public List<Option<?>> sourceOptions() {
    return List.of(URI, DATABASE, COLLECTION, COLUMNS, FILTER, PARTITIONS, BAD_RECORDS, OPTIONS);
  }

  @Override
  public List<OptionProblem> validateSource(ResolvedOptions options) {
    List<OptionProblem> problems = new ArrayList<>(validateLocation(options));
    try {
      var unused = org.bson.BsonDocument.parse(options.get(FILTER));
    } catch (RuntimeException e) {
      problems.add(
          new OptionProblem(
              "filter",
              ErrorCode.INVALID_VALUE,
              "filter is not a JSON document: " + e.getMessage(),
              "a MongoDB query such as '{\"year\": {\"$gte\": 2019}}'"));
    }
    if (!List.of("quarantine", "drop", "fail").contains(options.get(BAD_RECORDS))) {
      problems.add(
          new OptionProblem(
              "bad_records",
              ErrorCode.INVALID_VALUE,
              "bad_records '" + options.get(BAD_RECORDS) + "' is not quarantine, drop or fail",
              "quarantine, drop or fail"));
    }
    return problems;
  }

  @Override
  public io.sluice.spi.spark.SparkBatchSource createBatchSource(ResolvedOptions options) {
    return new MongoSource(
        context ->
            MongoSettings.reading(
                connection(
                    options, context.service(SERVICE), "Source '" + context.sourceName() + "'"),
                options.get(DATABASE),
                options.get(COLLECTION)),
        options.get(FILTER),
        options.get(PARTITIONS),
        options.get(COLUMNS),
        options.get(BAD_RECORDS));
  }

  @Override
  public List<OptionProblem> validateSink(ResolvedOptions options) {
    List<OptionProblem> problems = new ArrayList<>(validateLocation(options));
    try {
      MongoSettings.concern(options.get(WRITE_CONCERN));
    } catch (IllegalArgumentException e) {
      problems.add(
          new OptionProblem(
              "write_concern",
              ErrorCode.INVALID_VALUE,
              e.getMessage(),
              "majority, acknowledged, journaled or a number such as 2"));
    }
    return problems;
  }

  /** The uri, database and collection of a source or a sink. */
  private static List<OptionProblem> validateLocation(ResolvedOptions options) {
    List<OptionProblem> problems = new ArrayList<>();
    String uri = options.get(URI);
    if (!uri.equals(EMBEDDED)) {
      try {
        new ConnectionString(MongoSettings.withParameters(uri, options(options)));
      } catch (IllegalArgumentException e) {
        problems.add(
            new OptionProblem(
                "uri",
                ErrorCode.INVALID_VALUE,
                "uri is not a MongoDB connection string: " + masked(e.getMessage(), uri),
                "mongodb://HOST:27017, mongodb+srv://CLUSTER, or embedded"));
      }
    }
    for (Option<String> name : List.of(DATABASE, COLLECTION)) {
      String value = options.get(name);
      if (value.isEmpty()
          || value.contains("$")
          || value.contains("\0")
          || (name == DATABASE && value.matches(".*[/\\\\. \"].*"))) {
        problems.add(
            new OptionProblem(
                name.key(),
                ErrorCode.INVALID_VALUE,
                name.key() + " '" + value + "' is not a valid MongoDB name",
                "letters, digits, '_' and '-'"));
      }
    }
    return problems;
  }

  @Override
  public List<OptionProblem> validateStreamingSink(ResolvedOptions options) {
    return validateSink(options);
  }

  @Override
  public Delivery sinkDelivery(ResolvedOptions options, WriteMode mode) {
    if (mode == WriteMode.OVERWRITE) {
      return new Delivery(
          DeliveryGuarantee.EXACTLY_ONCE,
          "written to a staging collection renamed over the target: a failure leaves it as it"
              + " was");
    }
    return streamingDelivery(options, mode);
  }

  @Override
  public Delivery streamingDelivery(ResolvedOptions options, WriteMode mode) {
    return new Delivery(
        DeliveryGuarantee.EXACTLY_ONCE,
        "effectively once with keys: each row replaces the document with its keys' _id, so a"
            + " replayed batch changes nothing; without keys rows are inserted, at least once");
  }

  @Override
  public SparkBatchSink createBatchSink(ResolvedOptions options) {
    return sink(options);
  }

  @Override
  public SparkStreamingSink createStreamingSink(ResolvedOptions options) {
    return sink(options);
  }

  private static MongoSink sink(ResolvedOptions options) {
    String uri = options.get(URI);
    String database = options.get(DATABASE);
    String collection = options.get(COLLECTION);
    return new MongoSink(
        context ->
            new MongoSettings(
                connection(options, context.service(SERVICE), "Sink '" + context.sinkName() + "'"),
                database,
                collection,
                context.keys(),
                options.get(ORDERED),
                options.get(BATCH_SIZE),
                options.get(WRITE_CONCERN),
                options.get(RETRIES),
                options.get(RETRY_DELAY)),
        uri.equals(EMBEDDED)
            ? "embedded mongodb " + database + "." + collection
            : "mongodb " + hosts(uri) + " " + database + "." + collection);
  }

  /**
   * The connection string a run uses: the {@code uri} (or the embedded server's, for {@code
   * embedded}) with the {@code options:} parameters.
   */
  private static String connection(
      ResolvedOptions options, java.util.Optional<String> embedded, String what) {
    String uri = options.get(URI);
    return MongoSettings.withParameters(
        uri.equals(EMBEDDED) ? embeddedUri(embedded, what) : uri, options(options));
  }

  private static String embeddedUri(java.util.Optional<String> embedded, String what) {
    return embedded.orElseThrow(
        () ->
            new SluiceException(
                ErrorCode.RUN_FAILED,
                what + " wants the embedded MongoDB, but the run has not started it"));
  }

  private static Map<String, String> options(ResolvedOptions options) {
    return options.find(OPTIONS).orElse(Map.of());
  }

  private static String hosts(String uri) {
    try {
      return String.join(",", new ConnectionString(uri).getHosts());
    } catch (IllegalArgumentException e) {
      return "(invalid uri)";
    }
  }

  /** A driver message with the connection string (which may hold a password) taken out. */
  private static String masked(String message, String uri) {
    return message == null ? "" : message.replace(uri, "(the uri)");
  }
}
