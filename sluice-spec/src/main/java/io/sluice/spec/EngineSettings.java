package io.sluice.spec;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the lake, its catalog, the run store and Kafka are and how Spark runs, after the profile is
 * applied. {@code kafka} is {@value #EMBEDDED_KAFKA} (a broker started by Sluice under
 * .sluice/kafka) or bootstrap servers. {@code catalog} is {@value #HADOOP_CATALOG} (table metadata
 * in the lake's folders), {@value #HIVE_CATALOG} (tables registered in a Hive Metastore at {@code
 * catalogUri}: {@value #EMBEDDED} or thrift://host:port), {@value #JDBC_CATALOG} (Iceberg's JDBC
 * catalog in a PostgreSQL database: {@value #EMBEDDED} or a jdbc:postgresql: URL) or {@value
 * #REST_CATALOG} (an Iceberg REST catalog at an http(s) URL). A lake {@code hdfs://embedded/PATH}
 * is PATH on an HDFS Sluice starts.
 */
public record EngineSettings(
    String lake,
    String sparkMaster,
    Map<String, String> sparkConf,
    String runStore,
    String kafka,
    String catalog,
    String catalogUri) {
  public static final String EMBEDDED = "embedded";
  public static final String EMBEDDED_KAFKA = EMBEDDED;
  public static final String HADOOP_CATALOG = "hadoop";
  public static final String HIVE_CATALOG = "hive";
  public static final String JDBC_CATALOG = "jdbc";
  public static final String REST_CATALOG = "rest";

  public static final String CLIENT_DEPLOY_MODE = "client";
  public static final String CLUSTER_DEPLOY_MODE = "cluster";
  public static final java.util.List<String> DEPLOY_MODES =
      java.util.List.of(CLIENT_DEPLOY_MODE, CLUSTER_DEPLOY_MODE);

  /** The lake URI schemes of object stores, where a rename is a copy and not atomic. */
  private static final java.util.List<String> OBJECT_STORES =
      java.util.List.of("s3:", "s3a:", "s3n:", "gs:", "abfs:", "abfss:", "wasb:", "wasbs:", "oss:");

  /** The lake URI prefix of a path on the embedded HDFS. */
  public static final String EMBEDDED_HDFS = "hdfs://embedded";

  public EngineSettings {
    requireNonNull(lake, "lake is null");
    requireNonNull(sparkMaster, "sparkMaster is null");
    requireNonNull(runStore, "runStore is null");
    requireNonNull(kafka, "kafka is null");
    requireNonNull(catalog, "catalog is null");
    requireNonNull(catalogUri, "catalogUri is null");
    sparkConf = Collections.unmodifiableMap(new LinkedHashMap<>(sparkConf));
  }

  /** Settings with the Hadoop catalog. */
  public EngineSettings(
      String lake,
      String sparkMaster,
      Map<String, String> sparkConf,
      String runStore,
      String kafka) {
    this(lake, sparkMaster, sparkConf, runStore, kafka, HADOOP_CATALOG, EMBEDDED);
  }

  public EngineSettings(
      String lake, String sparkMaster, Map<String, String> sparkConf, String runStore) {
    this(lake, sparkMaster, sparkConf, runStore, EMBEDDED_KAFKA);
  }

  /** The settings of a pipeline file that names none: the defaults of the option constants. */
  public static EngineSettings defaults() {
    return new EngineSettings(
        FormatOptions.LAKE.defaultValue().orElseThrow(),
        FormatOptions.SPARK_MASTER.defaultValue().orElseThrow(),
        Map.of(),
        FormatOptions.RUN_STORE.defaultValue().orElseThrow(),
        FormatOptions.KAFKA.defaultValue().orElseThrow());
  }

  /** These settings with another lake and run store (null keeps the current one). */
  public EngineSettings withLakeAndRunStore(String newLake, String newRunStore) {
    return new EngineSettings(
        newLake == null ? lake : newLake,
        sparkMaster,
        sparkConf,
        newRunStore == null ? runStore : newRunStore,
        kafka,
        catalog,
        catalogUri);
  }

  /** These settings with other Spark properties. */
  public EngineSettings withSparkConf(Map<String, String> newConf) {
    return new EngineSettings(lake, sparkMaster, newConf, runStore, kafka, catalog, catalogUri);
  }

  /** These settings with another lake and catalog URI (the embedded services' real addresses). */
  public EngineSettings withLakeAndCatalogUri(String newLake, String newCatalogUri) {
    return new EngineSettings(
        newLake, sparkMaster, sparkConf, runStore, kafka, catalog, newCatalogUri);
  }

  /** Whether the lake is a path on the HDFS Sluice starts ({@value #EMBEDDED_HDFS}/PATH). */
  public boolean embeddedHdfs() {
    return lake.equals(EMBEDDED_HDFS) || lake.startsWith(EMBEDDED_HDFS + "/");
  }

  /** Whether the tables live in a Hive Metastore Sluice starts. */
  public boolean embeddedMetastore() {
    return catalog.equals(HIVE_CATALOG) && catalogUri.equals(EMBEDDED);
  }

  /** Whether the tables are registered in a JDBC catalog on a PostgreSQL server Sluice starts. */
  public boolean embeddedCatalogDatabase() {
    return catalog.equals(JDBC_CATALOG) && catalogUri.equals(EMBEDDED);
  }

  /** Whether {@code lake} is on an object store (S3, GCS, Azure, OSS). */
  public static boolean objectStore(String lake) {
    String lower = lake.toLowerCase(java.util.Locale.ROOT);
    return OBJECT_STORES.stream().anyMatch(lower::startsWith);
  }

  /**
   * Why {@code catalog} cannot keep the tables of {@code lake}, if it cannot: Iceberg's Hadoop
   * catalog commits by renaming a metadata file, which an object store does as a copy, so two
   * writers can both believe they committed and one commit is lost.
   */
  public static java.util.Optional<String> catalogProblem(String lake, String catalog) {
    if (catalog.equals(HADOOP_CATALOG) && objectStore(lake)) {
      return java.util.Optional.of(
          "Cannot keep the tables of the lake '"
              + lake
              + "' in Iceberg's Hadoop catalog: it commits by renaming a file, which an object"
              + " store does not do atomically, so one of two concurrent commits can be lost");
    }
    return java.util.Optional.empty();
  }

  /** Whether the master is a cluster's (spark://, yarn, k8s://) rather than this JVM's. */
  public boolean clusterMaster() {
    return !sparkMaster.startsWith("local");
  }

  /** client (the driver is this process) or cluster (the driver runs on the cluster). */
  public String deployMode() {
    return sparkConf.getOrDefault(FormatOptions.DEPLOY_MODE_PROPERTY, CLIENT_DEPLOY_MODE);
  }

  /** Whether the driver runs on the cluster, submitted by {@code sluice run}. */
  public boolean clusterDriver() {
    return clusterMaster() && deployMode().equals(CLUSTER_DEPLOY_MODE);
  }

  public boolean embeddedKafka() {
    return kafka.equals(EMBEDDED_KAFKA);
  }
}
