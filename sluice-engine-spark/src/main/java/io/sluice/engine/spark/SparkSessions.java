package io.sluice.engine.spark;

import io.sluice.spec.EngineSettings;
import io.sluice.spec.FormatOptions;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the Spark session a pipeline runs in: the configured master (local[*] by default), the
 * driver bound to 127.0.0.1 in local modes, the Iceberg lake as catalog {@value #CATALOG} and the
 * default catalog, so that SQL says {@code silver.sightings}; its tables in the lake's folders
 * (Iceberg's Hadoop catalog) or in a Hive Metastore, the embedded HDFS and metastore started first
 * when the settings name them ({@link EmbeddedLake}).
 */
public final class SparkSessions {
  /** The name of the lake catalog in Spark. */
  public static final String CATALOG = "lake";

  private SparkSessions() {}

  public static SparkSession create(String appName, EngineSettings configured) {
    Logging.quiet();
    EngineSettings settings = EmbeddedLake.resolve(configured);
    String lake = lakeUri(settings.lake());
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .master(settings.sparkMaster())
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config(
                "spark.sql.extensions",
                "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
            .config("spark.sql.catalog." + CATALOG, "org.apache.iceberg.spark.SparkCatalog")
            .config("spark.sql.catalog." + CATALOG + ".type", settings.catalog())
            .config("spark.sql.catalog." + CATALOG + ".warehouse", lake)
            // No table cache: a streaming query commits from its own session, and a cached table
            // (expired only after a pause in access) would hide its commits from this one.
            .config("spark.sql.catalog." + CATALOG + ".cache-enabled", "false")
            .config("spark.sql.defaultCatalog", CATALOG)
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.sql.adaptive.enabled", "true")
            .config(
                "spark.sql.warehouse.dir",
                Path.of(".sluice", "spark-warehouse").toAbsolutePath().toString());
    EngineSettings.catalogProblem(lake, settings.catalog())
        .ifPresent(
            problem -> {
              throw new io.sluice.spi.SluiceException(
                  io.sluice.spi.ErrorCode.INVALID_VALUE,
                  problem + "; set 'catalog: jdbc', 'hive' or 'rest' in the pipeline's profile");
            });
    if (settings.catalog().equals(EngineSettings.JDBC_CATALOG)) {
      // V1 also keeps views; the catalog's tables are created on first use
      builder
          .config("spark.sql.catalog." + CATALOG + ".uri", settings.catalogUri())
          .config("spark.sql.catalog." + CATALOG + ".jdbc.schema-version", "V1");
    } else if (settings.catalog().equals(EngineSettings.REST_CATALOG)) {
      builder.config("spark.sql.catalog." + CATALOG + ".uri", settings.catalogUri());
    }
    if (settings.catalog().equals(EngineSettings.HIVE_CATALOG)) {
      builder.config("spark.sql.catalog." + CATALOG + ".uri", settings.catalogUri());
      if (configured.embeddedMetastore()) {
        // Hive 2.3's lock API needs the transaction tables a Derby metastore does not have;
        // one writer per table (a pipeline's steps each own theirs) needs no lock.
        builder.config("spark.hadoop.iceberg.engine.hive.lock-enabled", "false");
      }
    }
    if (configured.embeddedHdfs()) {
      io.sluice.services.EmbeddedHdfs.clientConf()
          .forEach((key, value) -> builder.config("spark.hadoop." + key, value));
    }
    if (isLocal(settings.sparkMaster())) {
      builder
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    if (settings.sparkMaster().matches("local(\\[.*\\])?")) {
      // in this JVM: local files without a chmod process per file (SluiceLocalFileSystem)
      builder
          .config("spark.hadoop.fs.file.impl", SluiceLocalFileSystem.class.getName())
          .config("spark.hadoop.fs.AbstractFileSystem.file.impl", SluiceLocalFs.class.getName());
    }
    if (!settings.sparkMaster().matches("local(\\[.*\\])?")
        && !settings.sparkConf().containsKey("spark.executor.extraJavaOptions")) {
      // Executors are other JVMs: they need the same module flags as this driver (STACK.md).
      builder.config("spark.executor.extraJavaOptions", moduleFlags());
    }
    if (settings.clusterMaster()
        && !settings.sparkConf().containsKey("spark.jars")
        && System.getProperty("spark.jars") == null) {
      // the driver is this process (client mode): the executors get Sluice's jars from it, or
      // from the folder `sluice package` wrote (spark-submit set spark.jars for a submitted one)
      String packaged = settings.sparkConf().get(FormatOptions.PACKAGE_PROPERTY);
      java.util.List<String> urls =
          packaged != null
              ? ApplicationJars.packaged(packaged, hadoopConf(settings.sparkConf()))
              : ApplicationJars.of(
                      SparkSessions.class,
                      java.util.List.of(),
                      Path.of(".sluice", "jars", "classes"))
                  .urls();
      builder.config("spark.jars", String.join(",", urls));
    }
    for (Map.Entry<String, String> entry : settings.sparkConf().entrySet()) {
      builder.config(entry.getKey(), entry.getValue());
    }
    SparkSession spark = builder.getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    SluiceFunctions.register(spark);
    return spark;
  }

  /** The Hadoop settings among Spark properties: spark.hadoop.KEY = VALUE as KEY = VALUE. */
  public static Map<String, String> hadoopConf(Map<String, String> sparkConf) {
    Map<String, String> hadoop = new java.util.LinkedHashMap<>();
    sparkConf.forEach(
        (key, value) -> {
          if (key.startsWith("spark.hadoop.")) {
            hadoop.put(key.substring("spark.hadoop.".length()), value);
          }
        });
    return hadoop;
  }

  /** The --add-opens, --add-modules and -D flags this JVM was started with that Spark relies on. */
  public static String moduleFlags() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            flag ->
                flag.startsWith("--add-opens")
                    || flag.startsWith("--add-modules")
                    || flag.startsWith("--add-exports")
                    || flag.startsWith("-Djdk.reflect")
                    || flag.startsWith("-Dio.netty")
                    || flag.equals("-XX:+IgnoreUnrecognizedVMOptions"))
        .collect(java.util.stream.Collectors.joining(" "));
  }

  static boolean isLocal(String master) {
    return master.startsWith("local");
  }

  /** A local path becomes an absolute file: URI; URIs with a scheme are kept. */
  public static String lakeUri(String lake) {
    if (lake.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*") || lake.startsWith("file:")) {
      return lake;
    }
    return Path.of(lake).toAbsolutePath().normalize().toUri().toString();
  }
}
