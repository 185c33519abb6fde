package io.sluice.engine.spark;

import io.sluice.services.EmbeddedCatalogDatabase;
import io.sluice.services.EmbeddedHdfs;
import io.sluice.services.EmbeddedMetastore;
import io.sluice.services.ServiceStartException;
import io.sluice.spec.EngineSettings;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded services a lake's settings name, started once per process when a Spark session first
 * needs them and stopped when the process exits: an HDFS for a lake {@code hdfs://embedded/PATH}
 * (data under .sluice/hdfs), a Hive Metastore for {@code catalog: hive} with {@code catalog_uri:
 * embedded} (under .sluice/metastore), a PostgreSQL server for {@code catalog: jdbc} with {@code
 * catalog_uri: embedded} (under .sluice/catalog). Another sluice process's, when it already serves
 * the same folder.
 */
public final class EmbeddedLake {
  /**
   * The system property naming the folder of both services' data ({@code .sluice} by default:
   * {@code hdfs/} and {@code metastore/} under it); tests point it at a temporary folder.
   */
  public static final String DIRECTORY_PROPERTY = "sluice.embedded.dir";

  private static EmbeddedHdfs hdfs;
  private static EmbeddedMetastore metastore;
  private static EmbeddedCatalogDatabase catalogDatabase;
  private static boolean hooked;

  private EmbeddedLake() {}

  /**
   * {@code settings} with the embedded services' real addresses in place of {@code embedded},
   * starting the services that are not running yet; unchanged settings when they name none.
   */
  public static synchronized EngineSettings resolve(EngineSettings settings) {
    if (!settings.embeddedHdfs()
        && !settings.embeddedMetastore()
        && !settings.embeddedCatalogDatabase()) {
      return settings;
    }
    try {
      return started(settings);
    } catch (ServiceStartException e) {
      throw new SluiceException(ErrorCode.SERVICE_FAILED, e.getMessage(), e);
    }
  }

  private static EngineSettings started(EngineSettings settings) {
    stopAtExit();
    String lake = settings.lake();
    if (settings.embeddedHdfs()) {
      if (hdfs == null) {
        hdfs = EmbeddedHdfs.start(directory().resolve("hdfs"), System.out::println);
      }
      String path = lake.substring(EngineSettings.EMBEDDED_HDFS.length());
      lake = hdfs.uri() + (path.isEmpty() ? "/" : path);
    }
    String catalogUri = settings.catalogUri();
    if (settings.embeddedMetastore()) {
      if (metastore == null) {
        Map<String, String> conf = new HashMap<>();
        if (hdfs != null) {
          conf.putAll(EmbeddedHdfs.clientConf());
          conf.put("fs.defaultFS", hdfs.uri());
        }
        metastore =
            EmbeddedMetastore.start(
                directory().resolve("metastore"),
                SparkSessions.lakeUri(lake),
                conf,
                System.out::println);
      }
      catalogUri = metastore.uri();
    }
    if (settings.embeddedCatalogDatabase()) {
      if (catalogDatabase == null) {
        catalogDatabase =
            EmbeddedCatalogDatabase.start(directory().resolve("catalog"), System.out::println);
      }
      catalogUri = catalogDatabase.jdbcUrl();
    }
    return settings.withLakeAndCatalogUri(lake, catalogUri);
  }

  private static Path directory() {
    return Path.of(System.getProperty(DIRECTORY_PROPERTY, ".sluice"));
  }

  private static void stopAtExit() {
    if (hooked) {
      return;
    }
    hooked = true;
    Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedLake::stop, "sluice-embedded-lake"));
  }

  /** Stops what this process started (the metastore first: it may write to HDFS). */
  public static synchronized void stop() {
    if (catalogDatabase != null) {
      catalogDatabase.close();
      catalogDatabase = null;
    }
    if (metastore != null) {
      metastore.close();
      metastore = null;
    }
    if (hdfs != null) {
      hdfs.close();
      hdfs = null;
    }
  }
}
