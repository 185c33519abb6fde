package io.sluice.connector.http;

import io.sluice.spi.Delivery;
import io.sluice.spi.DeliveryGuarantee;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.OptionProblem;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SourceConnector;
import io.sluice.spi.spark.SparkBatchSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code http-api} source: a paginated REST API, crawled politely and resumably into a Kafka
 * topic (one message per page) or staging files, read back as one row per page.
 */
public final class HttpApiConnectorFactory implements SourceConnector {
  @Override
  public String id() {
    return "http-api";
  }

  @Override
  public String description() {
    return "A paginated REST API (GET, templated parameters, secret headers), crawled with a rate"
        + " limit, bounded concurrency and retries, resumable, one message per page into a Kafka"
        + " topic or staging files";
  }

  @Override
  public Set<String> needs(ResolvedOptions options) {
    return options.find(HttpApiOptions.TOPIC).isPresent()
        ? Set.of(io.sluice.spi.spark.SourceContext.KAFKA_BOOTSTRAP_SERVERS)
        : Set.of();
  }

  @Override
  public List<Option<?>> sourceOptions() {
    return HttpApiOptions.SOURCE;
  }

  @Override
  public List<OptionProblem> validateSource(ResolvedOptions options) {
    List<OptionProblem> problems = new ArrayList<>();
    try {
      PageRanges.parse(options.get(HttpApiOptions.PAGES));
    } catch (IllegalArgumentException e) {
      problems.add(
          new OptionProblem(
              "pages", ErrorCode.INVALID_VALUE, e.getMessage(), "for example '1-' or '1-50,900-'"));
    }
    String url = options.get(HttpApiOptions.URL);
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      problems.add(
          new OptionProblem(
              "url",
              ErrorCode.INVALID_VALUE,
              "url must start with http:// or https://, was '" + url + "'",
              "the full endpoint, such as https://open.api.nexon.com/maplestory/v1/ranking/overall"));
    }
    Map<String, String> columns = options.find(HttpApiOptions.COLUMNS).orElse(Map.of());
    List<String> path = HttpApiOptions.recordsPath(options.get(HttpApiOptions.RECORDS_PATH));
    String field = path.get(path.size() - 1);
    if (columns.isEmpty()) {
      problems.add(
          new OptionProblem(
              "columns",
              ErrorCode.MISSING_REQUIRED,
              "an http-api source needs 'columns': each page message is {page, " + field + "}",
              "add 'columns: { page: int, " + field + ": \"array<struct<...>>\" }'"));
    } else if (!columns.containsKey(field)) {
      problems.add(
          new OptionProblem(
              "columns",
              ErrorCode.UNDEFINED_REFERENCE,
              "columns has no '" + field + "', the field the records are kept under (records_path)",
              "declared columns: " + columns.keySet()));
    }
    if (options.get(HttpApiOptions.CONCURRENCY) < 1) {
      problems.add(
          new OptionProblem(
              "concurrency",
              ErrorCode.INVALID_VALUE,
              "concurrency must be at least 1",
              "default 4"));
    }
    if (options.get(HttpApiOptions.RATE_LIMIT) < 0) {
      problems.add(
          new OptionProblem(
              "rate_limit",
              ErrorCode.INVALID_VALUE,
              "rate_limit must be 0 (none) or more",
              "default 5"));
    }
    if (options.get(HttpApiOptions.PREFETCH_SECONDS) < 0) {
      problems.add(
          new OptionProblem(
              "prefetch_seconds",
              ErrorCode.INVALID_VALUE,
              "prefetch_seconds must be 0 (off) or more",
              "default 5"));
    }
    return problems;
  }

  @Override
  public Optional<Delivery> sourceDelivery(ResolvedOptions options) {
    String into =
        options.find(HttpApiOptions.TOPIC).map(t -> "kafka topic " + t).orElse("staging files");
    return Optional.of(
        new Delivery(
            DeliveryGuarantee.EXACTLY_ONCE,
            "http-api GET "
                + options.get(HttpApiOptions.URL)
                + " pages "
                + options.get(HttpApiOptions.PAGES)
                + " -> "
                + into
                + ": each page recorded in the crawl checkpoint once written; a restarted crawl"
                + " fetches only the rest, and the dataset reads exactly the recorded messages"));
  }

  @Override
  public SparkBatchSource createBatchSource(ResolvedOptions options) {
    return new HttpApiSource(options);
  }
}
