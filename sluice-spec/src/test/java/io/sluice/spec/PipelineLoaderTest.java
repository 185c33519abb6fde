package io.sluice.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.spec.yaml.Position;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.WriteMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineLoaderTest {
  private static final Path FILE = Path.of("p.yaml");
  private static final String VALID =
      """
      pipeline: demo
      description: a demo
      parameters:
        input: data/in.csv
        limit: { default: "10", description: how many }
        home: ${env:DEMO_HOME:-/opt}
      lake: ${env:DEMO_LAKE:-./lake}
      spark:
        master: local[2]
        conf: { spark.sql.shuffle.partitions: 4 }
      profiles:
        cluster:
          lake: hdfs://namenode:8020/lake
          spark: { master: "spark://host:7077", conf: { spark.executor.memory: 2g } }
          parameters: { input: s3a://bucket/in.csv }
      sources:
        raw: { type: file, path: "${input}", description: "home is ${home}, literal $${input}" }
      datasets:
        bronze.events: { from: raw }
        silver.events:
          sql: |
            SELECT *
            FROM bronze.events LIMIT ${limit}
          mode: merge
          keys: [id]
          expect:
            - { name: has_id, check: "id IS NOT NULL", on_fail: quarantine }
      sinks:
        out: { type: file, from: silver.events, path: out, mode: append }
      """;

  private static PipelineSpec load(
      String text, String profile, Map<String, String> params, Map<String, String> env) {
    return PipelineLoader.load(FILE, text, new LoadRequest(profile, params, env::get));
  }

  @Test
  void readsEverySectionWithDefaults() {
    PipelineSpec spec = load(VALID, "local", Map.of(), Map.of());
    assertThat(spec.name()).isEqualTo("demo");
    assertThat(spec.parameters())
        .containsEntry("input", "data/in.csv")
        .containsEntry("limit", "10")
        .containsEntry("home", "/opt");
    assertThat(spec.settings().lake()).isEqualTo("./lake");
    assertThat(spec.settings().sparkMaster()).isEqualTo("local[2]");
    assertThat(spec.settings().sparkConf()).containsEntry("spark.sql.shuffle.partitions", "4");
    assertThat(spec.settings().runStore()).isEqualTo("jdbc:h2:file:./.sluice/runs");
    DatasetSpec silver = spec.datasets().get("silver.events");
    assertThat(silver.namespace()).isEqualTo("silver");
    assertThat(silver.table()).isEqualTo("events");
    assertThat(silver.mode()).isEqualTo(WriteMode.MERGE);
    assertThat(silver.keys()).containsExactly("id");
    assertThat(((DatasetDefinition.SqlQuery) silver.definition()).sql())
        .isEqualTo("SELECT *\nFROM bronze.events LIMIT 10\n");
    assertThat(silver.expectations())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("has_id");
              assertThat(e.onFail()).isEqualTo(OnFail.QUARANTINE);
            });
    assertThat(spec.datasets().get("bronze.events").metadata()).isTrue();
    assertThat(spec.datasets().get("bronze.events").namespace()).isEqualTo("bronze");
    assertThat(spec.sinks().get("out").mode()).isEqualTo(WriteMode.APPEND);
    assertThat(spec.sources().get("raw").options().get("description").orElseThrow())
        .isInstanceOfSatisfying(
            io.sluice.spec.yaml.YamlScalar.class,
            s -> assertThat(s.value()).isEqualTo("home is /opt, literal ${input}"));
  }

  @Test
  void profileOverridesFileAndCommandLineOverridesProfile() {
    PipelineSpec spec = load(VALID, "cluster", Map.of("limit", "5"), Map.of());
    assertThat(spec.settings().lake()).isEqualTo("hdfs://namenode:8020/lake");
    assertThat(spec.settings().sparkMaster()).isEqualTo("spark://host:7077");
    assertThat(spec.settings().sparkConf())
        .containsEntry("spark.sql.shuffle.partitions", "4")
        .containsEntry("spark.executor.memory", "2g");
    assertThat(spec.parameters())
        .containsEntry("input", "s3a://bucket/in.csv")
        .containsEntry("limit", "5");
    PipelineSpec overridden = load(VALID, "cluster", Map.of("input", "/x.csv"), Map.of());
    assertThat(overridden.parameters()).containsEntry("input", "/x.csv");
  }

  @Test
  void catalogAndItsUriComeFromTheFileOrTheProfile() {
    PipelineSpec plain = load(VALID, "local", Map.of(), Map.of());
    assertThat(plain.settings().catalog()).isEqualTo("hadoop");
    assertThat(plain.settings().embeddedHdfs()).isFalse();
    assertThat(plain.settings().embeddedMetastore()).isFalse();
    String hive =
        VALID.replace(
            "  cluster:\n",
            "  hdfs: { lake: hdfs://embedded/lake/demo, catalog: hive }\n"
                + "  remote: { catalog: hive, catalog_uri: thrift://hms:9083 }\n"
                + "  cluster:\n");
    EngineSettings embedded = load(hive, "hdfs", Map.of(), Map.of()).settings();
    assertThat(embedded.catalog()).isEqualTo("hive");
    assertThat(embedded.catalogUri()).isEqualTo("embedded");
    assertThat(embedded.embeddedHdfs()).isTrue();
    assertThat(embedded.embeddedMetastore()).isTrue();
    EngineSettings remote = load(hive, "remote", Map.of(), Map.of()).settings();
    assertThat(remote.catalogUri()).isEqualTo("thrift://hms:9083");
    assertThat(remote.embeddedMetastore()).isFalse();
    assertThat(remote.embeddedHdfs()).isFalse();
    // --lake and --run-store keep the catalog
    EngineSettings moved = embedded.withLakeAndRunStore("/tmp/l", null);
    assertThat(moved.catalog()).isEqualTo("hive");
    assertThat(moved.runStore()).isEqualTo(embedded.runStore());
  }

  @Test
  void unknownCatalogAndUnusableCatalogUriAreRefusedWithTheirPositions() {
    Problem catalog = onlyProblem(VALID.replace("lake: ${env:", "catalog: glue\nlake: ${env:"));
    assertThat(catalog.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(catalog.position()).isEqualTo(new Position("p.yaml", 7, 10));
    assertThat(catalog.message())
        .isEqualTo(
            "Unknown catalog 'glue': the lake's catalog is 'hadoop', 'hive', 'jdbc' or 'rest'");
    Problem uri =
        onlyProblem(
            VALID.replace(
                "lake: ${env:", "catalog: hive\ncatalog_uri: http://hms:9083\nlake: ${env:"));
    assertThat(uri.position()).isEqualTo(new Position("p.yaml", 8, 14));
    assertThat(uri.message())
        .isEqualTo(
            "Cannot reach a Hive Metastore at 'http://hms:9083': catalog_uri is 'embedded' or"
                + " thrift://host:port");
  }

  @Test
  void jdbcAndRestCatalogsTakeTheirUrisAndObjectStoreLakesRefuseTheHadoopCatalog() {
    String onS3 =
        VALID.replace(
            "lake: hdfs://namenode:8020/lake",
            "lake: s3a://bucket/lake\n    catalog: jdbc\n"
                + "    catalog_uri: jdbc:postgresql://catalog:5432/lake");
    EngineSettings cluster = load(onS3, "cluster", Map.of(), Map.of()).settings();
    assertThat(cluster.catalog()).isEqualTo("jdbc");
    assertThat(cluster.catalogUri()).isEqualTo("jdbc:postgresql://catalog:5432/lake");
    assertThat(cluster.embeddedCatalogDatabase()).isFalse();
    String local = VALID.replace("lake: ${env:", "catalog: jdbc\nlake: ${env:");
    assertThat(load(local, "local", Map.of(), Map.of()).settings().embeddedCatalogDatabase())
        .isTrue();
    String rest =
        VALID.replace(
            "lake: ${env:",
            "catalog: rest\ncatalog_uri: https://catalog.example.com/api\nlake: ${env:");
    assertThat(load(rest, "local", Map.of(), Map.of()).settings().catalogUri())
        .isEqualTo("https://catalog.example.com/api");

    // an S3 lake in Hadoop's catalog: refused where the lake is set, with the reason
    String hadoopOnS3 = VALID.replace("lake: hdfs://namenode:8020/lake", "lake: s3a://bucket/lake");
    List<Problem> problems = problems(hadoopOnS3, "cluster");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).position()).isEqualTo(new Position("p.yaml", 13, 11));
    assertThat(problems.get(0).message())
        .isEqualTo(
            "Cannot keep the tables of the lake 's3a://bucket/lake' in Iceberg's Hadoop catalog:"
                + " it commits by renaming a file, which an object store does not do atomically,"
                + " so one of two concurrent commits can be lost");
    assertThat(problems.get(0).hint()).contains("catalog: jdbc");
    // the same file's local profile is fine
    assertThat(problems(hadoopOnS3, "local")).isEmpty();

    Problem restWithoutUri =
        onlyProblem(VALID.replace("lake: ${env:", "catalog: rest\nlake: ${env:"));
    assertThat(restWithoutUri.message())
        .isEqualTo(
            "Cannot reach a REST catalog at 'embedded': catalog: rest needs catalog_uri, the"
                + " catalog's http:// or https:// URL");
    Problem mysql =
        onlyProblem(
            VALID.replace(
                "lake: ${env:", "catalog: jdbc\ncatalog_uri: jdbc:mysql://db/lake\nlake: ${env:"));
    assertThat(mysql.position()).isEqualTo(new Position("p.yaml", 8, 14));
    assertThat(mysql.message())
        .startsWith("Cannot use 'jdbc:mysql://db/lake' as the JDBC catalog's database");
  }

  @Test
  void environmentVariablesAreRendered() {
    PipelineSpec spec =
        load(VALID, "local", Map.of(), Map.of("DEMO_LAKE", "/data/lake", "DEMO_HOME", "/home/me"));
    assertThat(spec.settings().lake()).isEqualTo("/data/lake");
    assertThat(spec.parameters()).containsEntry("home", "/home/me");
  }

  @Test
  void datasetsKeepTheirPositions() {
    PipelineSpec spec = load(VALID, "local", Map.of(), Map.of());
    assertThat(spec.datasets().get("silver.events").position())
        .isEqualTo(new Position("p.yaml", 20, 3));
    DatasetDefinition.SqlQuery sql =
        (DatasetDefinition.SqlQuery) spec.datasets().get("silver.events").definition();
    // line 2, column 6 of the SQL text is "bronze" on line 23 of the file, indented 6.
    assertThat(sql.node().positionOf(2, 6)).isEqualTo(new Position("p.yaml", 23, 12));
  }

  @Test
  void unknownProfileAndParameterAreReportedTogether() {
    assertThatThrownBy(() -> load(VALID, "prod", Map.of("inptu", "x"), Map.of()))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.problems())
                  .extracting(Problem::code)
                  .containsExactlyInAnyOrder(
                      ErrorCode.UNKNOWN_PROFILE, ErrorCode.UNKNOWN_PARAMETER);
              assertThat(e.getMessage())
                  .contains("Cannot select profile 'prod': the file defines [cluster, local]")
                  .contains("did you mean 'input'?");
            });
  }

  @Test
  void parameterWithoutValueIsRequired() {
    String text =
        "pipeline: p\nparameters:\n  input: { description: no default }\ndatasets:\n  a.b: { sql: SELECT 1 }\n";
    Problem p = onlyProblem(text);
    assertThat(p.code()).isEqualTo(ErrorCode.MISSING_REQUIRED);
    assertThat(p.position()).isEqualTo(new Position("p.yaml", 3, 3));
    assertThat(p.hint()).isEqualTo("pass --param input=VALUE or give it a default");
    assertThat(load(text, "local", Map.of("input", "x"), Map.of()).parameters())
        .containsEntry("input", "x");
  }

  @Test
  void emptyFileIsAProblem() {
    assertThatThrownBy(() -> load("", "local", Map.of(), Map.of()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Cannot read an empty pipeline file");
  }

  @Test
  void moreCountedChecksThanTheMaskHoldsAreAProblem() {
    StringBuilder text =
        new StringBuilder("pipeline: p\ndatasets:\n  a.b:\n    sql: SELECT 1 AS x\n");
    text.append("    expect:\n");
    for (int i = 0; i <= ExpectationSpec.MAX_COUNTED; i++) {
      text.append("      - { name: c").append(i).append(", check: \"x > 0\", on_fail: warn }\n");
    }
    Problem p = onlyProblem(text.toString());
    assertThat(p.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(p.position()).isEqualTo(new Position("p.yaml", 6, 7));
    assertThat(p.message())
        .isEqualTo(
            "Cannot check dataset 'a.b' with 64 expectations that warn,"
                + " drop or quarantine: at most 63 are supported");
    // One fewer is accepted, and checks that fail the run do not count.
    String fewer =
        text.toString()
            .replace("c0, check: \"x > 0\", on_fail: warn", "c0, check: \"x > 0\", on_fail: fail");
    assertThat(load(fewer, "local", Map.of(), Map.of()).datasets().get("a.b").expectations())
        .hasSize(64);
  }

  @Test
  void retentionDefaultsToIcebergsAndIsChecked() {
    String base = "pipeline: p\ndatasets:\n  a.b: { sql: SELECT 1 }\n";
    assertThat(load(base, "local", Map.of(), Map.of()).retention())
        .isEqualTo(new RetentionSpec(Optional.of(java.time.Duration.ofDays(5)), 1));
    assertThat(
            load(
                    base + "retention: { max_snapshot_age: 12h, min_snapshots: 3 }\n",
                    "local",
                    Map.of(),
                    Map.of())
                .retention())
        .isEqualTo(new RetentionSpec(Optional.of(java.time.Duration.ofHours(12)), 3));
    assertThat(
            load(base + "retention: { max_snapshot_age: forever }\n", "local", Map.of(), Map.of())
                .retention()
                .maxSnapshotAge())
        .isEmpty();
    Problem age = onlyProblem(base + "retention: { max_snapshot_age: a while }\n");
    assertThat(age.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(age.position()).isEqualTo(new Position("p.yaml", 4, 32));
    assertThat(age.message()).isEqualTo("Cannot use max_snapshot_age 'a while'");
    Problem keep = onlyProblem(base + "retention: { min_snapshots: 0 }\n");
    assertThat(keep.message())
        .isEqualTo("Cannot keep 0 snapshots: min_snapshots must be at least 1");
  }

  @Test
  void streamsKeepTheirSnapshotsAnHourAndCompactAtTwentyFilesUnlessTold() {
    String base = "pipeline: p\ndatasets:\n  a.b: { sql: SELECT 1 }\n";
    RetentionSpec defaults = load(base, "local", Map.of(), Map.of()).retention();
    assertThat(defaults.streamSnapshotAge()).isEqualTo(java.time.Duration.ofHours(1));
    assertThat(defaults.compactMinFiles()).isEqualTo(20);
    assertThat(defaults.streamMaintenanceInterval()).isEqualTo(java.time.Duration.ofMinutes(1));
    // a running stream keeps the shorter of the two ages
    assertThat(defaults.forStreams().maxSnapshotAge()).contains(java.time.Duration.ofHours(1));
    RetentionSpec told =
        load(
                base
                    + "retention: { max_snapshot_age: 10m, stream_snapshot_age: 2h,"
                    + " compact_min_files: 5, stream_maintenance_interval: 0s }\n",
                "local",
                Map.of(),
                Map.of())
            .retention();
    assertThat(told.forStreams().maxSnapshotAge()).contains(java.time.Duration.ofMinutes(10));
    assertThat(told.compactMinFiles()).isEqualTo(5);
    assertThat(told.streamMaintenanceInterval()).isZero();
    // forever keeps a stream's snapshots too
    assertThat(
            load(base + "retention: { max_snapshot_age: forever }\n", "local", Map.of(), Map.of())
                .retention()
                .forStreams()
                .maxSnapshotAge())
        .isEmpty();
    Problem few = onlyProblem(base + "retention: { compact_min_files: 1 }\n");
    assertThat(few.code()).isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(few.message()).contains("compact_min_files");
    Problem age = onlyProblem(base + "retention: { stream_snapshot_age: 0s }\n");
    assertThat(age.message()).contains("stream_snapshot_age");
  }

  /** The one problem that loading {@code text} (profile local, no parameters) reports. */
  /** The problems of loading {@code text} with {@code profile}, none when it loads. */
  private static List<Problem> problems(String text, String profile) {
    try {
      load(text, profile, Map.of(), Map.of());
      return List.of();
    } catch (ValidationException e) {
      return e.problems();
    }
  }

  private static Problem onlyProblem(String text) {
    ValidationException e =
        catchThrowableOfType(
            ValidationException.class, () -> load(text, "local", Map.of(), Map.of()));
    assertThat(e).as("a validation error").isNotNull();
    assertThat(e.problems()).hasSize(1);
    return e.problems().get(0);
  }
}
