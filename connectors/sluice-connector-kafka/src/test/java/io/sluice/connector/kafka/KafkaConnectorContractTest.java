package io.sluice.connector.kafka;

import io.sluice.spi.ConnectorFactory;
import io.sluice.testing.ConnectorContract;
import java.util.List;

/** The kafka module's connectors pass the connector contract. */
class KafkaConnectorContractTest extends ConnectorContract {
  @Override
  protected List<Class<? extends ConnectorFactory>> registered() {
    return List.of(KafkaConnectorFactory.class, KafkaTopicSensorFactory.class);
  }
}
