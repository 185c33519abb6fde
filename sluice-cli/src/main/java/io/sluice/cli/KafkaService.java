package io.sluice.cli;

import io.sluice.services.EmbeddedKafka;
import io.sluice.spi.RunningService;
import io.sluice.spi.ServiceFactory;
import io.sluice.spi.spark.SourceContext;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pipeline's Kafka ({@code kafka}): with {@code kafka: embedded} (the default) a real broker
 * under .sluice/kafka on 127.0.0.1, or the one another sluice process runs there; else the
 * configured bootstrap servers, started by nobody.
 */
public final class KafkaService implements ServiceFactory {
  static final Path DIRECTORY = Path.of(".sluice", "kafka");

  @Override
  public String id() {
    return SourceContext.KAFKA_BOOTSTRAP_SERVERS;
  }

  @Override
  public String description() {
    return "the pipeline's Kafka: an embedded KRaft broker on 127.0.0.1, or 'kafka: host:port'";
  }

  @Override
  public int startOrder() {
    return 200;
  }

  @Override
  public RunningService start(Request request) {
    String setting = request.settings().getOrDefault(Request.KAFKA, "embedded");
    if (!setting.equals("embedded")) {
      return RunningService.of(setting, () -> {});
    }
    Optional<String> elsewhere = EmbeddedKafka.runningElsewhere(DIRECTORY);
    if (elsewhere.isPresent()) {
      request
          .say()
          .accept(
              "Using the embedded Kafka broker another sluice process runs at " + elsewhere.get());
      return RunningService.of(elsewhere.get(), () -> {});
    }
    request.say().accept("Starting the embedded Kafka broker in " + DIRECTORY + " ...");
    EmbeddedKafka kafka = EmbeddedKafka.start(DIRECTORY);
    return RunningService.of(kafka.bootstrapServers(), kafka::close);
  }
}
