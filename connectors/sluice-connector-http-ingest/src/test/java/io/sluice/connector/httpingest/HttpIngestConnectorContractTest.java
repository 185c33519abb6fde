package io.sluice.connector.httpingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.ConnectorFactory;
import io.sluice.spi.ResolvedOptions;
import io.sluice.testing.ConnectorContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The http-ingest source passes the connector contract and hands the kafka connector its keys. */
class HttpIngestConnectorContractTest extends ConnectorContract {
  @Override
  protected List<Class<? extends ConnectorFactory>> registered() {
    return List.of(HttpIngestConnectorFactory.class);
  }

  @Test
  void theKafkaSourceGetsTheTopicAndTheKafkaKeysOnly() {
    ResolvedOptions ingest =
        new ResolvedOptions(
            Map.of(
                "stream",
                "ufo",
                "columns",
                Map.of("city", "string"),
                "api_keys",
                List.of("secret-key"),
                "starting_offsets",
                "earliest",
                "max_request_bytes",
                2048L));
    assertThat(HttpIngestConnectorFactory.asKafka(ingest).asMap())
        .containsOnly(
            Map.entry("topic", "ufo"),
            Map.entry("columns", Map.of("city", "string", "_unknown_fields", "string")),
            Map.entry("starting_offsets", "earliest"));
    // a stream that refuses or drops undeclared fields has no column for them
    Map<String, Object> strict = new java.util.HashMap<>(ingest.asMap());
    strict.put("unknown_fields", "reject");
    assertThat(HttpIngestConnectorFactory.asKafka(new ResolvedOptions(strict)).asMap())
        .containsEntry("columns", Map.of("city", "string"));
  }

  @Test
  void thePolicyComesFromTheOptionsAndDefaultsToKeepFor24HoursWithoutALimit() {
    Map<String, Object> options = new java.util.HashMap<>();
    options.put("stream", "ufo");
    options.put("columns", Map.of("city", "string"));
    assertThat(HttpIngestOptions.policy(new ResolvedOptions(options)))
        .isEqualTo(io.sluice.spi.IngestPolicy.defaults());
    options.put("unknown_fields", "drop");
    options.put("idempotency_window", java.time.Duration.ofHours(2));
    options.put("rate_limit", 500L);
    io.sluice.spi.IngestPolicy policy = HttpIngestOptions.policy(new ResolvedOptions(options));
    assertThat(policy.unknownFields()).isEqualTo(io.sluice.spi.IngestPolicy.UnknownFields.DROP);
    assertThat(policy.idempotencyWindow()).isEqualTo(java.time.Duration.ofHours(2));
    assertThat(policy.recordsPerSecondPerKey()).hasValue(500L);
    assertThat(policy.burstRecords()).isEqualTo(500L);
    options.put("columns", Map.of("_unknown_fields", "string"));
    options.put("rate_limit_burst", 10L);
    options.remove("rate_limit");
    assertThat(new HttpIngestConnectorFactory().validateSource(new ResolvedOptions(options)))
        .extracting(io.sluice.spi.OptionProblem::key)
        .contains("columns", "rate_limit_burst");
  }
}
