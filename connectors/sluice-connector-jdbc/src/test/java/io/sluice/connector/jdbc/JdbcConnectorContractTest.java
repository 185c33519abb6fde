package io.sluice.connector.jdbc;

import io.sluice.spi.ConnectorFactory;
import io.sluice.testing.ConnectorContract;
import java.util.List;

/** The jdbc module's connectors pass the connector contract. */
class JdbcConnectorContractTest extends ConnectorContract {
  @Override
  protected List<Class<? extends ConnectorFactory>> registered() {
    return List.of(JdbcConnectorFactory.class);
  }
}
