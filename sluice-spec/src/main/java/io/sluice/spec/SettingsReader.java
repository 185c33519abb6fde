package io.sluice.spec;

import io.sluice.spec.yaml.YamlMap;
import io.sluice.spec.yaml.YamlScalar;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.ResolvedOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the engine settings: lake, run store, Kafka and {@code spark:}, with the profile's. */
final class SettingsReader extends SectionReader {
  private final ClusterSettings cluster;

  SettingsReader(Problems problems) {
    super(problems);
    this.cluster = new ClusterSettings(problems);
  }

  EngineSettings readSettings(YamlMap root, Optional<YamlMap> profile, Templates templates) {
    String lake = text(root, FormatOptions.LAKE, templates);
    String runStore = text(root, FormatOptions.RUN_STORE, templates);
    String kafka = text(root, FormatOptions.KAFKA, templates);
    String catalog = text(root, FormatOptions.CATALOG, templates);
    String catalogUri = text(root, FormatOptions.CATALOG_URI, templates);
    String master = FormatOptions.SPARK_MASTER.defaultValue().orElseThrow();
    Map<String, String> conf = new LinkedHashMap<>();
    Optional<YamlMap> spark =
        mapSection(root, "spark").map(map -> (YamlMap) render(map, templates));
    if (spark.isPresent()) {
      ResolvedOptions options =
          OptionReader.read(
              spark.get(), FormatOptions.SPARK_SECTION, "the spark settings", problems);
      master = options.get(FormatOptions.SPARK_MASTER);
      options.find(FormatOptions.SPARK_CONF).ifPresent(conf::putAll);
      parallelSteps(spark.get(), options, conf);
      cluster.readSpark(spark.get(), options, conf);
    }
    if (profile.isPresent()) {
      YamlMap overrides = (YamlMap) render(profile.get(), templates);
      lake = overrides.get("lake").flatMap(SectionReader::scalarText).orElse(lake);
      runStore = overrides.get("run_store").flatMap(SectionReader::scalarText).orElse(runStore);
      kafka = overrides.get("kafka").flatMap(SectionReader::scalarText).orElse(kafka);
      catalog = overrides.get("catalog").flatMap(SectionReader::scalarText).orElse(catalog);
      catalogUri =
          overrides.get("catalog_uri").flatMap(SectionReader::scalarText).orElse(catalogUri);
      checkCatalog(overrides, catalog, catalogUri);
      Optional<YamlMap> profileSpark = mapSection(overrides, "spark");
      if (profileSpark.isPresent()) {
        ResolvedOptions options =
            OptionReader.read(
                profileSpark.get(),
                FormatOptions.SPARK_SECTION,
                "profile spark settings",
                new Problems());
        master =
            options
                .find(FormatOptions.SPARK_MASTER)
                .filter(m -> profileSpark.get().entries().containsKey("master"))
                .orElse(master);
        options.find(FormatOptions.SPARK_CONF).ifPresent(conf::putAll);
        parallelSteps(profileSpark.get(), options, conf);
        cluster.readSpark(profileSpark.get(), options, conf);
      }
    }
    checkCatalog(root, catalog, catalogUri);
    // reported where the lake or catalog that meet was set: the profile's, else the file's
    checkLakeCatalog(
        profile
            .filter(
                p ->
                    p.entries().containsKey(FormatOptions.LAKE.key())
                        || p.entries().containsKey(FormatOptions.CATALOG.key()))
            .orElse(root),
        lake,
        catalog);
    EngineSettings settings =
        new EngineSettings(lake, master, conf, runStore, kafka, catalog, catalogUri);
    cluster.check(root, profile, settings);
    return settings;
  }

  /** A lake on an object store with a catalog that can commit there (not Hadoop's). */
  private void checkLakeCatalog(YamlMap map, String lake, String catalog) {
    EngineSettings.catalogProblem(lake, catalog)
        .ifPresent(
            problem ->
                problems.add(
                    map.entries().containsKey(FormatOptions.CATALOG.key())
                        ? OptionReader.valuePosition(map, FormatOptions.CATALOG.key())
                        : OptionReader.valuePosition(map, FormatOptions.LAKE.key()),
                    ErrorCode.INVALID_VALUE,
                    problem,
                    "write 'catalog: jdbc' (a PostgreSQL database), 'catalog: hive' or"
                        + " 'catalog: rest' beside the lake"));
  }

  /** A catalog Sluice knows, and a catalog_uri it can use. */
  private void checkCatalog(YamlMap map, String catalog, String catalogUri) {
    if (map.entries().containsKey(FormatOptions.CATALOG.key())
        && !java.util.List.of(
                EngineSettings.HADOOP_CATALOG,
                EngineSettings.HIVE_CATALOG,
                EngineSettings.JDBC_CATALOG,
                EngineSettings.REST_CATALOG)
            .contains(catalog)) {
      problems.add(
          OptionReader.valuePosition(map, FormatOptions.CATALOG.key()),
          ErrorCode.INVALID_VALUE,
          "Unknown catalog '"
              + catalog
              + "': the lake's catalog is 'hadoop', 'hive', 'jdbc' or 'rest'",
          "write 'catalog: jdbc' to register the tables in PostgreSQL, or leave it out");
    }
    if (map.entries().containsKey(FormatOptions.CATALOG.key())
        && catalog.equals(EngineSettings.REST_CATALOG)
        && !catalogUri.matches("(?i)https?://.+")) {
      problems.add(
          OptionReader.valuePosition(map, FormatOptions.CATALOG.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot reach a REST catalog at '"
              + catalogUri
              + "': catalog: rest needs catalog_uri, the catalog's http:// or https:// URL",
          "write 'catalog_uri: https://catalog.example.com/api/catalog'");
    }
    if (map.entries().containsKey(FormatOptions.CATALOG_URI.key())
        && catalog.equals(EngineSettings.JDBC_CATALOG)
        && !catalogUri.equals(EngineSettings.EMBEDDED)
        && !catalogUri.startsWith("jdbc:postgresql:")) {
      problems.add(
          OptionReader.valuePosition(map, FormatOptions.CATALOG_URI.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot use '"
              + catalogUri
              + "' as the JDBC catalog's database: catalog_uri is 'embedded' or a"
              + " jdbc:postgresql: URL",
          "write 'catalog_uri: jdbc:postgresql://db.example.com:5432/lake?user=sluice"
              + "&password=${secret:CATALOG_PASSWORD}'");
    }
    if (map.entries().containsKey(FormatOptions.CATALOG_URI.key())
        && catalog.equals(EngineSettings.HIVE_CATALOG)
        && !catalogUri.equals(EngineSettings.EMBEDDED)
        && !catalogUri.startsWith("thrift://")) {
      problems.add(
          OptionReader.valuePosition(map, FormatOptions.CATALOG_URI.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot reach a Hive Metastore at '"
              + catalogUri
              + "': catalog_uri is 'embedded' or thrift://host:port",
          "write 'catalog_uri: thrift://metastore.example.com:9083'");
    }
  }

  /** A {@code parallel_steps} written in {@code spark} travels as a Spark property. */
  void parallelSteps(YamlMap spark, ResolvedOptions options, Map<String, String> conf) {
    if (!spark.entries().containsKey(FormatOptions.SPARK_PARALLEL_STEPS.key())) {
      return;
    }
    int steps = options.get(FormatOptions.SPARK_PARALLEL_STEPS);
    if (steps < 1) {
      problems.add(
          OptionReader.keyPosition(spark, FormatOptions.SPARK_PARALLEL_STEPS.key()),
          ErrorCode.INVALID_VALUE,
          "Cannot run " + steps + " steps at once: parallel_steps must be at least 1",
          "write 'parallel_steps: 1' to run the datasets one by one");
      return;
    }
    conf.put(FormatOptions.PARALLEL_STEPS_PROPERTY, Integer.toString(steps));
  }

  String text(YamlMap root, Option<String> option, Templates templates) {
    return root.get(option.key())
        .filter(YamlScalar.class::isInstance)
        .map(node -> templates.render((YamlScalar) node, problems))
        .flatMap(SectionReader::scalarText)
        .orElse(option.defaultValue().orElseThrow());
  }
}
