package io.sluice.spec;

import io.sluice.spec.yaml.Position;
import io.sluice.spec.yaml.YamlMap;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of a run on a cluster master (spark://, yarn, k8s://): the deploy mode and where the
 * cluster reads Sluice's jars, and the refusals of what a cluster cannot reach: the services Sluice
 * starts on this machine's 127.0.0.1 (HDFS, a catalog database or metastore), a lake in a local
 * folder, and, with the driver on the cluster, a run store in a local file that this machine's
 * {@code sluice runs} and console would never see.
 */
final class ClusterSettings {
  private final Problems problems;

  ClusterSettings(Problems problems) {
    this.problems = problems;
  }

  /** Carries {@code deploy_mode} and {@code package} of a {@code spark:} section as properties. */
  void readSpark(YamlMap spark, ResolvedOptions options, Map<String, String> conf) {
    if (spark.entries().containsKey(FormatOptions.SPARK_DEPLOY_MODE.key())) {
      String mode = options.get(FormatOptions.SPARK_DEPLOY_MODE);
      if (EngineSettings.DEPLOY_MODES.contains(mode)) {
        conf.put(FormatOptions.DEPLOY_MODE_PROPERTY, mode);
      } else {
        problems.add(
            OptionReader.valuePosition(spark, FormatOptions.SPARK_DEPLOY_MODE.key()),
            ErrorCode.INVALID_VALUE,
            "Unknown deploy mode '" + mode + "': Spark's deploy modes are client and cluster",
            "write 'deploy_mode: cluster' to run the driver on the cluster, or leave it out");
      }
    }
    options
        .find(FormatOptions.SPARK_PACKAGE)
        .ifPresent(p -> conf.put(FormatOptions.PACKAGE_PROPERTY, p));
  }

  /**
   * Refuses what the cluster of {@code settings} cannot reach, where the file or profile set it.
   */
  void check(YamlMap root, Optional<YamlMap> profile, EngineSettings settings) {
    Position master = masterPosition(root, profile);
    if (!settings.clusterMaster()) {
      if (settings.deployMode().equals(EngineSettings.CLUSTER_DEPLOY_MODE)) {
        problems.add(
            master,
            ErrorCode.INVALID_VALUE,
            "Cannot run the driver in cluster deploy mode on master '"
                + settings.sparkMaster()
                + "': a local master has no cluster to run it on",
            "set a cluster master (spark://host:7077, yarn, k8s://https://host) or write"
                + " 'deploy_mode: client'");
      }
      return;
    }
    String where = " the cluster of master '" + settings.sparkMaster() + "'";
    if (settings.embeddedHdfs()) {
      refuse(
          root,
          profile,
          FormatOptions.LAKE.key(),
          "Cannot keep the lake of"
              + where
              + " on the embedded HDFS: it listens on 127.0.0.1 of this machine, which the"
              + " cluster's executors cannot reach",
          "write the lake as s3a://bucket/path or hdfs://namenode:8020/path");
    } else if (!settings.lake().matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      refuse(
          root,
          profile,
          FormatOptions.LAKE.key(),
          "Cannot keep the lake of"
              + where
              + " in the local folder '"
              + settings.lake()
              + "': the executors on other machines do not see it",
          "write the lake as s3a://bucket/path or hdfs://namenode:8020/path, or as"
              + " file:/shared/path on a filesystem every node mounts");
    }
    if (!settings.catalog().equals(EngineSettings.HADOOP_CATALOG)
        && settings.catalogUri().equals(EngineSettings.EMBEDDED)) {
      refuse(
          root,
          profile,
          FormatOptions.CATALOG_URI.key(),
          "Cannot use the embedded "
              + settings.catalog()
              + " catalog on"
              + where
              + ": Sluice starts it on 127.0.0.1 of this machine, which the cluster cannot reach",
          settings.catalog().equals(EngineSettings.HIVE_CATALOG)
              ? "write 'catalog_uri: thrift://metastore.example.com:9083'"
              : "write 'catalog_uri: jdbc:postgresql://db.example.com:5432/lake?user=sluice'");
    }
    if (settings.deployMode().equals(EngineSettings.CLUSTER_DEPLOY_MODE)
        && !settings.runStore().startsWith("jdbc:postgresql:")) {
      refuse(
          root,
          profile,
          FormatOptions.RUN_STORE.key(),
          "Cannot keep the runs of a driver on"
              + where
              + " in '"
              + settings.runStore()
              + "': with deploy_mode cluster the driver reports to the run store, which must be"
              + " a PostgreSQL database both the cluster and this machine reach",
          "write 'run_store: jdbc:postgresql://db.example.com:5432/sluice?user=sluice'");
    }
  }

  private void refuse(
      YamlMap root, Optional<YamlMap> profile, String key, String message, String hint) {
    YamlMap map = profile.filter(p -> p.entries().containsKey(key)).orElse(root);
    Position position =
        map.entries().containsKey(key)
            ? OptionReader.valuePosition(map, key)
            : masterPosition(root, profile);
    problems.add(position, ErrorCode.INVALID_VALUE, message, hint);
  }

  /** Where the master was set: the profile's spark section, the file's, or the file itself. */
  private static Position masterPosition(YamlMap root, Optional<YamlMap> profile) {
    for (YamlMap map : List.of(profile.orElse(root), root)) {
      Optional<YamlMap> spark =
          map.get("spark").filter(YamlMap.class::isInstance).map(YamlMap.class::cast);
      if (spark.isPresent() && spark.get().entries().containsKey("master")) {
        return OptionReader.valuePosition(spark.get(), "master");
      }
    }
    return root.position();
  }
}
