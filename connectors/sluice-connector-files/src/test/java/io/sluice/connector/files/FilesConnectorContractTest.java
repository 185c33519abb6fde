package io.sluice.connector.files;

import io.sluice.connector.files.segment.SegmentArchiveFactory;
import io.sluice.spi.ConnectorFactory;
import io.sluice.testing.ConnectorContract;
import java.util.List;

/** The files module's connectors pass the connector contract. */
class FilesConnectorContractTest extends ConnectorContract {
  @Override
  protected List<Class<? extends ConnectorFactory>> registered() {
    return List.of(
        FileConnectorFactory.class, SegmentArchiveFactory.class, PathSensorFactory.class);
  }
}
