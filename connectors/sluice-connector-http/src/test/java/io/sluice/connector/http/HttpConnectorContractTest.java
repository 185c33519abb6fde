package io.sluice.connector.http;

import io.sluice.spi.ConnectorFactory;
import io.sluice.testing.ConnectorContract;
import java.util.List;

/** The http module's connectors pass the connector contract. */
class HttpConnectorContractTest extends ConnectorContract {
  @Override
  protected List<Class<? extends ConnectorFactory>> registered() {
    return List.of(HttpApiConnectorFactory.class, HttpSensorFactory.class);
  }
}
