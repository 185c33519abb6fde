package io.sluice.connector.http;

import io.sluice.spi.Option;
import java.util.List;
import java.util.Map;

/**
 * Options of the {@code http-api} source: a paginated REST API crawled with a rate limit, bounded
 * concurrency and retries, one JSON message per page into a Kafka topic (or a staging file), read
 * back with the declared columns.
 */
public final class HttpApiOptions {
  private HttpApiOptions() {}

  public static final Option<String> URL =
      Option.key("url")
          .stringType()
          .required()
          .description(
              "The endpoint, such as https://open.api.nexon.com/maplestory/v1/ranking/overall.");
  public static final Option<Map<String, String>> PARAMS =
      Option.key("params")
          .stringMapType()
          .noDefaultValue()
          .description(
              "Query parameters, templated like the rest of the file: { date: '${date}' }. The"
                  + " page number is added as 'page_param'.");
  public static final Option<Map<String, String>> HEADERS =
      Option.key("headers")
          .stringMapType()
          .noDefaultValue()
          .description(
              "Request headers; put keys in the environment: { x-nxopen-api-key:"
                  + " '${secret:NEXON_API_KEY}' }. Shown masked in plans and messages.")
          .asSecret();
  public static final Option<String> PAGES =
      Option.key("pages")
          .stringType()
          .defaultValue("1-")
          .description(
              "Pages to fetch: ranges such as '1-', '1-50,330595-' or '7'. An open range ends at"
                  + " the first page whose records array is empty.");
  public static final Option<String> PAGE_PARAM =
      Option.key("page_param")
          .stringType()
          .defaultValue("page")
          .description("The query parameter that carries the page number.");
  public static final Option<String> RECORDS_PATH =
      Option.key("records_path")
          .stringType()
          .required()
          .description(
              "Where the page's records are in the answer, as $.field or $.a.b; an empty array"
                  + " ends an open page range. Kept under the same field in each message.");
  public static final Option<Double> RATE_LIMIT =
      Option.key("rate_limit")
          .doubleType()
          .defaultValue(5.0)
          .description("Requests per second at most (a token bucket); 0 for no limit.");
  public static final Option<Integer> BURST =
      Option.key("burst")
          .intType()
          .defaultValue(1)
          .description("Requests the rate limit lets through at once after a pause.");
  public static final Option<Integer> CONCURRENCY =
      Option.key("concurrency")
          .intType()
          .defaultValue(4)
          .description("Requests in flight at most.");
  public static final Option<Integer> MAX_RETRIES =
      Option.key("max_retries")
          .intType()
          .defaultValue(10)
          .description(
              "Retries of one page after a 429, a 5xx, a timeout or a dropped connection, with"
                  + " exponential backoff and jitter (Retry-After is honoured); then the crawl"
                  + " fails, keeping the pages it finished.");
  public static final Option<Double> TIMEOUT_SECONDS =
      Option.key("timeout_seconds")
          .doubleType()
          .defaultValue(30.0)
          .description("Time allowed for one request's answer.");
  public static final Option<String> TOPIC =
      Option.key("topic")
          .stringType()
          .noDefaultValue()
          .description(
              "Kafka topic for the pages, one message per page keyed by page number: {\"page\": n,"
                  + " <records field>: [...]}. Without it pages are staged in files under the lake.");

  // The pages land in Kafka and are read back by the kafka connector: these keys are passed to it.
  public static final Option<Map<String, String>> COLUMNS =
      Option.key("columns")
          .stringMapType()
          .noDefaultValue()
          .description(
              "The fields of each record (after records_path), name: Spark SQL type. Required:"
                  + " values are parsed with this schema, never inferred.");
  public static final Option<String> BOOTSTRAP_SERVERS =
      Option.key("bootstrap_servers")
          .stringType()
          .noDefaultValue()
          .description(
              "With topic: the Kafka brokers, host:port,... (default: the pipeline's 'kafka',"
                  + " embedded or external).");
  public static final Option<String> BAD_RECORDS =
      Option.key("bad_records")
          .enumType(BadRecords.class)
          .defaultValue("quarantine")
          .description(
              "fail, drop or quarantine pages that are not JSON or records that do not fit the"
                  + " columns (quarantined with the raw value).");
  public static final Option<Double> PREFETCH_SECONDS =
      Option.key("prefetch_seconds")
          .doubleType()
          .defaultValue(5.0)
          .description(
              "With topic: while the crawl runs, every this many seconds the pages Kafka has"
                  + " acknowledged are read back and parsed (into Parquet under the source's state"
                  + " folder), so the crawl's waits on the rate limit do that work and little is"
                  + " left when it ends; 0: read every page after the crawl.");
  public static final Option<Map<String, String>> PROPERTIES =
      Option.key("properties")
          .stringMapType()
          .noDefaultValue()
          .description(
              "With topic: Kafka client properties passed through, such as security.protocol,"
                  + " sasl.mechanism, sasl.jaas.config.");

  /** What to do with a page or record that cannot be read. */
  public enum BadRecords {
    FAIL,
    DROP,
    QUARANTINE
  }

  public static final List<Option<?>> SOURCE =
      List.of(
          URL,
          PARAMS,
          HEADERS,
          PAGES,
          PAGE_PARAM,
          RECORDS_PATH,
          RATE_LIMIT,
          BURST,
          CONCURRENCY,
          MAX_RETRIES,
          TIMEOUT_SECONDS,
          TOPIC,
          COLUMNS,
          BOOTSTRAP_SERVERS,
          BAD_RECORDS,
          PREFETCH_SECONDS,
          PROPERTIES);

  /** The field of the answer that holds the records: {@code $.ranking} -> [ranking]. */
  public static List<String> recordsPath(String path) {
    String trimmed = path.startsWith("$.") ? path.substring(2) : path;
    return List.of(trimmed.split("\\."));
  }
}
