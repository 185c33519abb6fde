package io.sluice.connector.mongodb;

import io.sluice.spi.ConnectorFactory;
import io.sluice.testing.ConnectorContract;
import java.util.List;

/** The mongodb module's connector passes the connector contract. */
class MongoConnectorContractTest extends ConnectorContract {
  @Override
  protected List<Class<? extends ConnectorFactory>> registered() {
    return List.of(MongoConnectorFactory.class);
  }
}
