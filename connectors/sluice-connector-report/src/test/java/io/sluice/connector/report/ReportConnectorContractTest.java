package io.sluice.connector.report;

import io.sluice.spi.ConnectorFactory;
import io.sluice.testing.ConnectorContract;
import java.util.List;

/** The report module's connectors pass the connector contract. */
class ReportConnectorContractTest extends ConnectorContract {
  @Override
  protected List<Class<? extends ConnectorFactory>> registered() {
    return List.of(ReportConnectorFactory.class);
  }
}
