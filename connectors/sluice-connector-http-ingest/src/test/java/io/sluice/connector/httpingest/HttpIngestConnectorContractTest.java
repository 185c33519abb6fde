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
            Map.entry("columns", Map.of("city", "string")),
            Map.entry("starting_offsets", "earliest"));
  }
}
