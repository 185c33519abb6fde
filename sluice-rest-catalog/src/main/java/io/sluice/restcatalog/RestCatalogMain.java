package io.sluice.restcatalog;

import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Iceberg's REST catalog protocol served on 127.0.0.1 by Iceberg's own adapter and servlet (its
 * test fixtures), in front of its JDBC catalog on an H2 database file: what {@code catalog: rest}
 * is tested against. Arguments: PORT WAREHOUSE DATABASE_FILE; runs until killed, printing
 * "listening on PORT" once it accepts connections.
 */
public final class RestCatalogMain {
  private RestCatalogMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: RestCatalogMain PORT WAREHOUSE DATABASE_FILE");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Map<String, String> properties =
        Map.of(
            CatalogProperties.CATALOG_IMPL,
            JdbcCatalog.class.getName(),
            CatalogProperties.URI,
            "jdbc:h2:file:" + Path.of(args[2]).toAbsolutePath(),
            CatalogProperties.WAREHOUSE_LOCATION,
            args[1],
            "jdbc.schema-version",
            "V1");
    Catalog backend =
        CatalogUtil.buildIcebergCatalog("sluice_rest", properties, new Configuration());
    ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
    context.addServlet(
        new ServletHolder(new RESTCatalogServlet(new RESTCatalogAdapter(backend))), "/*");
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(context);
    server.start();
    System.out.println("listening on " + connector.getLocalPort());
    server.join();
  }
}
