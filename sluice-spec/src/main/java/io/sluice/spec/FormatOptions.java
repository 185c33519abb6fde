package io.sluice.spec;

import io.sluice.spi.Option;
import io.sluice.spi.WriteMode;
import java.util.List;
import java.util.Map;

/**
 * The keys of the pipeline file format itself, one constant each. The reader, the reference docs
 * and the JSON Schema are all generated from these lists.
 */
public final class FormatOptions {
  private FormatOptions() {}

  // ---- top level ----
  public static final Option<String> PIPELINE =
      Option.key("pipeline").stringType().required().description("The pipeline's name.");
  public static final Option<String> DESCRIPTION =
      Option.key("description").stringType().noDefaultValue().description("What it is for.");
  public static final Option<Object> PARAMETERS =
      Option.key("parameters")
          .sectionType()
          .description(
              "Named values used as ${name} anywhere in the file: 'name: default' or 'name: {default:"
                  + " ..., description: ...}'. Set with --param name=value.");
  public static final Option<Object> PROFILES =
      Option.key("profiles")
          .sectionType()
          .description(
              "Named overrides of lake, catalog, spark, run_store and parameters; 'local' is the"
                  + " default.");
  public static final Option<String> LAKE =
      Option.key("lake")
          .stringType()
          .defaultValue("./lake")
          .description(
              "Root of the Iceberg lake: a local folder, file:, hdfs: or s3a: URI;"
                  + " hdfs://embedded/PATH is PATH on an HDFS (a NameNode and a DataNode) Sluice"
                  + " starts on 127.0.0.1 with its data under .sluice/hdfs.");
  public static final Option<String> CATALOG =
      Option.key("catalog")
          .stringType()
          .defaultValue("hadoop")
          .description(
              "Where the lake's tables are registered: 'hadoop' (Iceberg's Hadoop catalog: the"
                  + " metadata in the lake's folders; not on S3 or other object stores), 'hive' (a"
                  + " Hive Metastore at catalog_uri, so that Hive and other Spark users see the same"
                  + " tables), 'jdbc' (Iceberg's JDBC catalog in the PostgreSQL database at"
                  + " catalog_uri) or 'rest' (an Iceberg REST catalog at catalog_uri).");
  public static final Option<String> CATALOG_URI =
      Option.key("catalog_uri")
          .stringType()
          .defaultValue("embedded")
          .description(
              "The catalog's address. For catalog: hive, 'embedded' (a Hive 2.3 Metastore Sluice"
                  + " starts on 127.0.0.1 with its Derby database under .sluice/metastore) or"
                  + " thrift://host:9083; for catalog: jdbc, 'embedded' (a PostgreSQL server Sluice"
                  + " starts on 127.0.0.1 with its data under .sluice/catalog) or"
                  + " jdbc:postgresql://host:5432/db?user=U&password=${secret:P}; for catalog:"
                  + " rest, the catalog's http(s) URL.");
  public static final Option<Object> SPARK =
      Option.key("spark")
          .sectionType()
          .description("Spark settings: master, conf and parallel_steps.");
  public static final Option<String> RUN_STORE =
      Option.key("run_store")
          .stringType()
          .defaultValue("jdbc:h2:file:./.sluice/runs")
          .description("JDBC URL of the run store (H2 file by default, or PostgreSQL).");
  public static final Option<String> KAFKA =
      Option.key("kafka")
          .stringType()
          .defaultValue("embedded")
          .description(
              "Kafka for kafka sources and sinks: 'embedded' (a real broker Sluice starts under"
                  + " .sluice/kafka on 127.0.0.1) or bootstrap servers host:port,...");
  public static final Option<Object> SOURCES =
      Option.key("sources").sectionType().description("Where data comes from, by name.");
  public static final Option<Object> DATASETS =
      Option.key("datasets")
          .sectionType()
          .description(
              "Lake tables named namespace.table, defined by 'from:', 'sql:' or 'score:'.");
  public static final Option<Object> SERVICES =
      Option.key("services")
          .sectionType()
          .description(
              "Local services the run starts first and stops after, by name: 'type:' and its"
                  + " options (for example an API simulator in the local profile).");
  public static final Option<Object> ALERTS =
      Option.key("alerts")
          .sectionType()
          .description("Where alerts go: { slack_webhook: '${secret:SLACK_WEBHOOK}' }.");
  public static final Option<Object> SINKS =
      Option.key("sinks").sectionType().description("Where datasets are written, by name.");
  public static final Option<Object> SENSORS =
      Option.key("sensors")
          .sectionType()
          .description(
              "What to wait for before a run, by name: 'type:' (path, http, kafka) and its options,"
                  + " poke_interval and timeout; a sensor that times out fails the run.");
  public static final Option<Object> RETRIES =
      Option.key("retries")
          .sectionType()
          .description(
              "Retries of a step that failed for a transient reason (connection, timeout, I/O):"
                  + " { count: 2, delay: 30s, backoff: 2 }; validation, SQL and data errors are not"
                  + " retried.");
  public static final Option<Object> SCHEDULE =
      Option.key("schedule")
          .sectionType()
          .description(
              "When it runs: { cron: '30 1 * * *', timezone: Asia/Seoul, start_date: 2024-07-01,"
                  + " catchup: false }; runs get a logical date and data interval (${ds} ...).");

  public static final Option<Object> RETENTION =
      Option.key("retention")
          .sectionType()
          .description(
              "How long lake tables keep old snapshots (time travel) before Iceberg expires them"
                  + " and deletes the files no kept snapshot needs: { max_snapshot_age: 5d,"
                  + " min_snapshots: 1 }, applied after each write of a table.");

  public static final Option<Object> TRACKING =
      Option.key("tracking")
          .sectionType()
          .description(
              "Where training runs are also logged: { mlflow: URL, token: '${secret:MLFLOW_TOKEN}' }"
                  + " (an MLflow tracking server, over its REST API).");
  public static final Option<String> TRACKING_MLFLOW =
      Option.key("mlflow")
          .stringType()
          .noDefaultValue()
          .description(
              "The MLflow tracking server's URL (http://host:5000): experiments, runs, parameters,"
                  + " metrics, tags and the model's files are logged there too.");
  public static final Option<String> TRACKING_TOKEN =
      Option.key("token")
          .stringType()
          .noDefaultValue()
          .description("A bearer token for the tracking server ('${secret:MLFLOW_TOKEN}').")
          .asSecret();
  public static final List<Option<?>> TRACKING_SECTION = List.of(TRACKING_MLFLOW, TRACKING_TOKEN);

  public static final Option<Object> METRICS =
      Option.key("metrics")
          .sectionType()
          .description(
              "Where runs push their Prometheus metrics: { pushgateway: http://host:9091, job:"
                  + " sluice } (`sluice serve` and `sluice console` serve /metrics anyway).");
  public static final Option<String> METRICS_PUSHGATEWAY =
      Option.key("pushgateway")
          .stringType()
          .noDefaultValue()
          .description(
              "A Prometheus Pushgateway's URL: each run pushes its step, stream and run metrics"
                  + " there when it ends (and a continuous run every minute), grouped by job and"
                  + " pipeline.");
  public static final Option<String> METRICS_JOB =
      Option.key("job")
          .stringType()
          .defaultValue("sluice")
          .description("The job label of the pushed metrics.");
  public static final List<Option<?>> METRICS_SECTION = List.of(METRICS_PUSHGATEWAY, METRICS_JOB);

  public static final Option<Object> LINEAGE =
      Option.key("lineage")
          .sectionType()
          .description(
              "Where runs send OpenLineage events (a run and each step: START, COMPLETE, FAIL, with"
                  + " inputs, outputs, schemas and row counts): { transport: http, url:"
                  + " http://marquez:5000 } or { transport: file, path: lineage.jsonl }.");
  public static final Option<String> LINEAGE_TRANSPORT =
      Option.key("transport")
          .enumType(LineageTransports.class)
          .defaultValue("http")
          .description(
              "http (POST each event to url + endpoint), file (append JSON lines to path) or console.");
  public static final Option<String> LINEAGE_URL =
      Option.key("url")
          .stringType()
          .noDefaultValue()
          .description(
              "The OpenLineage server's URL, such as Marquez's http://marquez:5000 (http).");
  public static final Option<String> LINEAGE_ENDPOINT =
      Option.key("endpoint")
          .stringType()
          .defaultValue("/api/v1/lineage")
          .description("The path events are POSTed to (http).");
  public static final Option<String> LINEAGE_PATH =
      Option.key("path")
          .stringType()
          .noDefaultValue()
          .description("The file events are appended to, one JSON object a line (file).");
  public static final Option<String> LINEAGE_NAMESPACE =
      Option.key("namespace")
          .stringType()
          .defaultValue("sluice")
          .description("The namespace of the jobs (the pipeline and its steps).");
  public static final Option<String> LINEAGE_API_KEY =
      Option.key("api_key")
          .stringType()
          .noDefaultValue()
          .description("A bearer token for the server ('${secret:LINEAGE_API_KEY}').")
          .asSecret();
  public static final List<Option<?>> LINEAGE_SECTION =
      List.of(
          LINEAGE_TRANSPORT,
          LINEAGE_URL,
          LINEAGE_ENDPOINT,
          LINEAGE_PATH,
          LINEAGE_NAMESPACE,
          LINEAGE_API_KEY);

  /** The transports of {@link #LINEAGE_TRANSPORT}. */
  public enum LineageTransports {
    HTTP,
    FILE,
    CONSOLE
  }

  public static final Option<Object> DASHBOARDS =
      Option.key("dashboards")
          .sectionType()
          .description(
              "Dashboards over the datasets: NAME: { title, filters: [...], charts: [ { name,"
                  + " type, sql, x, y, ... } ] }, shown by `sluice console`.");

  public static final List<Option<?>> TOP_LEVEL =
      List.of(
          PIPELINE,
          DESCRIPTION,
          PARAMETERS,
          PROFILES,
          LAKE,
          CATALOG,
          CATALOG_URI,
          SPARK,
          RUN_STORE,
          KAFKA,
          SERVICES,
          SOURCES,
          DATASETS,
          SINKS,
          ALERTS,
          SCHEDULE,
          SENSORS,
          RETRIES,
          RETENTION,
          TRACKING,
          METRICS,
          LINEAGE,
          DASHBOARDS);

  // ---- parameters ----
  public static final Option<String> PARAMETER_DEFAULT =
      Option.key("default").stringType().noDefaultValue().description("Value when none is given.");
  public static final Option<String> PARAMETER_DESCRIPTION =
      Option.key("description").stringType().noDefaultValue().description("What it sets.");
  public static final List<Option<?>> PARAMETER = List.of(PARAMETER_DEFAULT, PARAMETER_DESCRIPTION);

  // ---- spark ----
  public static final Option<String> SPARK_MASTER =
      Option.key("master")
          .stringType()
          .defaultValue("local[*]")
          .description(
              "Spark master URL: local[*], local-cluster[...], spark://..., yarn, k8s://...");
  public static final Option<Map<String, String>> SPARK_CONF =
      Option.key("conf").stringMapType().noDefaultValue().description("Extra Spark properties.");
  public static final Option<Integer> SPARK_PARALLEL_STEPS =
      Option.key("parallel_steps")
          .intType()
          .defaultValue(4)
          .description(
              "How many datasets that do not depend on each other run at once (their Spark jobs"
                  + " share the executors); 1 runs them one by one in graph order. Pipelines with"
                  + " streaming datasets run one by one.");

  /** The Spark property that carries {@link #SPARK_PARALLEL_STEPS} to the engine. */
  public static final String PARALLEL_STEPS_PROPERTY = "spark.sluice.parallelSteps";

  public static final Option<String> SPARK_DEPLOY_MODE =
      Option.key("deploy_mode")
          .stringType()
          .defaultValue("client")
          .description(
              "Where the driver runs on a cluster master: client (in the sluice process, as"
                  + " locally) or cluster (on the cluster: `sluice run` submits it and follows the"
                  + " run in the run store, which must then be a PostgreSQL database the cluster"
                  + " reaches).");
  public static final Option<String> SPARK_PACKAGE =
      Option.key("package")
          .stringType()
          .noDefaultValue()
          .description(
              "Where the cluster reads Sluice's jars: a folder URL (s3a://, hdfs://, file:) holding"
                  + " the jars/ that `sluice package` wrote. Default: this installation's jars,"
                  + " as local paths (a cluster on this machine or a shared filesystem).");

  /** The Spark property that carries {@link #SPARK_DEPLOY_MODE} (Spark's own). */
  public static final String DEPLOY_MODE_PROPERTY = "spark.submit.deployMode";

  /** The Spark property that carries {@link #SPARK_PACKAGE} to the submitting CLI. */
  public static final String PACKAGE_PROPERTY = "spark.sluice.package";

  public static final List<Option<?>> SPARK_SECTION =
      List.of(SPARK_MASTER, SPARK_DEPLOY_MODE, SPARK_PACKAGE, SPARK_CONF, SPARK_PARALLEL_STEPS);

  // ---- profiles ----
  public static final Option<Map<String, String>> PROFILE_PARAMETERS =
      Option.key("parameters")
          .stringMapType()
          .noDefaultValue()
          .description("Parameter values of this profile.");
  public static final Option<Object> PROFILE_SOURCES =
      Option.key("sources")
          .sectionType()
          .description(
              "Sources this profile defines instead of the file's, whole (for example an"
                  + " http-ingest source in place of a file).");
  public static final Option<Object> PROFILE_SERVICES =
      Option.key("services")
          .sectionType()
          .description(
              "Services this profile starts, replacing the file's services of the same name"
                  + " (services: {} in a profile keeps the file's).");
  public static final Option<Object> PROFILE_SENSORS =
      Option.key("sensors")
          .sectionType()
          .description("Sensors of this profile, replacing the file's sensors of the same name.");
  public static final Option<Object> PROFILE_DATASETS =
      Option.key("datasets")
          .sectionType()
          .description(
              "Keys this profile sets on the file's datasets, merged into their definitions (for"
                  + " example 'bronze.events: { mode: streaming }').");
  public static final List<Option<?>> PROFILE =
      List.of(
          LAKE,
          CATALOG,
          CATALOG_URI,
          SPARK,
          RUN_STORE,
          KAFKA,
          PROFILE_PARAMETERS,
          PROFILE_SERVICES,
          PROFILE_SENSORS,
          PROFILE_SOURCES,
          PROFILE_DATASETS,
          DESCRIPTION);

  // ---- sources ----
  public static final Option<String> TYPE =
      Option.key("type").stringType().required().description("Connector id, such as 'file'.");
  public static final List<Option<?>> SOURCE_COMMON = List.of(TYPE, DESCRIPTION);

  // ---- datasets ----
  public static final Option<String> FROM =
      Option.key("from")
          .stringType()
          .noDefaultValue()
          .description("The source (or dataset) it copies.");
  public static final Option<String> SQL =
      Option.key("sql")
          .stringType()
          .noDefaultValue()
          .description("Spark SQL over other datasets, referenced by name.");

  /** The SQL dialect a dataset's 'sql' is written in. */
  public enum SqlDialect {
    SPARK,
    REDSHIFT
  }

  public static final Option<String> DIALECT =
      Option.key("dialect")
          .enumType(SqlDialect.class)
          .defaultValue("spark")
          .description(
              "The dialect of 'sql': spark, or redshift (translated to Spark SQL by a SQL parser;"
                  + " `sluice sql translate` prints the result, `sluice plan` shows it).");
  public static final Option<String> MODE =
      Option.key("mode")
          .enumType(WriteMode.class)
          .defaultValue("overwrite")
          .description("overwrite (atomic, idempotent), append, or merge on 'keys'.");

  /** How a dataset is written: the sink modes, or continuously from a streaming source. */
  public enum DatasetMode {
    OVERWRITE,
    APPEND,
    MERGE,
    STREAMING
  }

  public static final Option<String> DATASET_MODE =
      Option.key("mode")
          .enumType(DatasetMode.class)
          .defaultValue("overwrite")
          .description(
              "overwrite (atomic, idempotent), append, merge on 'keys', or streaming: a 'from:'"
                  + " dataset of a streaming source (kafka), appended micro-batch by micro-batch,"
                  + " each exactly once; or a 'sql:'/'score:' dataset that reads one streaming"
                  + " dataset, computed from each of its micro-batches as it is written.");
  public static final Option<String> TRIGGER =
      Option.key("trigger")
          .stringType()
          .defaultValue("5 seconds")
          .description(
              "Streaming datasets: a processing-time interval ('5 seconds', '1 minute') or"
                  + " 'available-now' (read what is there, then stop). 'sluice run --once' always"
                  + " drains and stops.");
  public static final Option<List<String>> KEYS =
      Option.key("keys")
          .stringListType()
          .noDefaultValue()
          .description(
              "Key columns: for mode: merge, the columns a row is matched on; for a streaming"
                  + " dataset, one row per key is kept (see 'keep').");

  /** Which row of a key a streaming dataset with keys keeps. */
  public enum KeepRow {
    FIRST,
    LAST
  }

  public static final Option<String> KEEP =
      Option.key("keep")
          .enumType(KeepRow.class)
          .defaultValue("first")
          .description(
              "Streaming datasets with 'keys': first keeps the row a key arrived with (a record"
                  + " a sender retried is written once); last replaces it by every newer version"
                  + " (an upsert; within a micro-batch, the last row in the stream's order).");

  /** What an overwrite replaces. */
  public enum OverwriteScope {
    TABLE,
    PARTITIONS
  }

  public static final Option<String> OVERWRITE =
      Option.key("overwrite")
          .enumType(OverwriteScope.class)
          .defaultValue("table")
          .description(
              "For mode overwrite of a partitioned dataset: table replaces everything; partitions"
                  + " replaces only the partitions the new rows fall in and keeps the others (Hive's"
                  + " INSERT OVERWRITE ... PARTITION, for daily loads that can be re-run).");
  public static final Option<List<String>> PARTITION_BY =
      Option.key("partition_by")
          .stringListType()
          .noDefaultValue()
          .description(
              "Columns (or Iceberg transforms such as days(ts)) to partition the table by.");
  public static final Option<Object> EXPECT =
      Option.key("expect")
          .sectionType()
          .description("Checks: a list of {name, check (SQL boolean), on_fail}.");
  public static final Option<List<String>> HELPER_COLUMNS =
      Option.key("helper_columns")
          .stringListType()
          .noDefaultValue()
          .description(
              "Columns used only by checks (kept in the quarantine table, dropped from the dataset).");
  public static final Option<Boolean> METADATA =
      Option.key("metadata")
          .booleanType()
          .defaultValue(true)
          .description("For 'from:' datasets: add _ingested_at, _run_id and _source_file columns.");
  public static final Option<Object> SCORE =
      Option.key("score")
          .sectionType()
          .description(
              "Rows of another dataset scored by a model: { input: DATASET, text: COLUMN, model:"
                  + " FOLDER } adds label, score and signed_score (or embedding).");
  public static final Option<Object> TRAIN =
      Option.key("train")
          .sectionType()
          .description(
              "Models fitted on another dataset with Spark MLlib: { input, label, features,"
                  + " split_by, algorithms: [...] }; each algorithm is a tracked experiment run and a"
                  + " registered version; the rows are the runs' metrics (mode append by default).");
  public static final Option<Object> DATASET_RECONCILE =
      Option.key("reconcile")
          .sectionType()
          .description(
              "After the write, compare this dataset with another: { with: DATASET, keys: [...],"
                  + " sums: [...], rows: true|false, on_fail: fail|warn }; recorded in the run store,"
                  + " mismatches alert the Slack webhook.");
  public static final List<Option<?>> DATASET =
      List.of(
          DESCRIPTION,
          FROM,
          SQL,
          DIALECT,
          SCORE,
          TRAIN,
          DATASET_MODE,
          TRIGGER,
          KEYS,
          KEEP,
          PARTITION_BY,
          OVERWRITE,
          EXPECT,
          HELPER_COLUMNS,
          METADATA,
          DATASET_RECONCILE);

  // ---- score ----
  /** What a model computes. */
  public enum ModelTask {
    TEXT_CLASSIFICATION,
    EMBEDDING,
    /** A registry model (Spark MLlib): adds prediction and model_version. */
    PREDICTION
  }

  public static final Option<String> SCORE_INPUT =
      Option.key("input").stringType().required().description("The dataset whose rows are scored.");
  public static final Option<String> SCORE_TEXT =
      Option.key("text")
          .stringType()
          .noDefaultValue()
          .description("The column holding the text (ONNX text models; not for registry models).");
  public static final Option<String> SCORE_MODEL =
      Option.key("model")
          .stringType()
          .required()
          .description(
              "A Hugging Face model folder exported to ONNX: model.onnx, tokenizer.json and (for"
                  + " classifiers) config.json with id2label; or a registry model,"
                  + " models:/NAME@ALIAS or models:/NAME/VERSION (Spark MLlib, from a train:"
                  + " dataset), which adds prediction and model_version.");
  public static final Option<String> SCORE_TASK =
      Option.key("task")
          .enumType(ModelTask.class)
          .defaultValue("text-classification")
          .description(
              "text-classification (adds label, score, signed_score) or embedding (adds"
                  + " embedding: array<float>, mean-pooled, unit length); registry models are"
                  + " always prediction.");
  public static final Option<String> SCORE_POSITIVE_LABEL =
      Option.key("positive_label")
          .stringType()
          .noDefaultValue()
          .description(
              "The label whose probability signed_score keeps positive (others negative), such as"
                  + " POSITIVE; without it signed_score = score.");
  public static final Option<Integer> SCORE_BATCH_SIZE =
      Option.key("batch_size")
          .intType()
          .defaultValue(64)
          .atLeast(1)
          .description("Texts per model call; texts are sorted by length into batches.");
  public static final Option<Integer> SCORE_THREADS =
      Option.key("threads")
          .intType()
          .defaultValue(1)
          .atLeast(1)
          .description("ONNX Runtime threads per executor JVM (the model is loaded once per JVM).");
  public static final Option<Integer> SCORE_MAX_LENGTH =
      Option.key("max_length")
          .intType()
          .defaultValue(128)
          .atLeast(1)
          .description("Tokens per text at most; longer texts are truncated.");
  public static final Option<String> SCORE_DEVICE =
      Option.key("device")
          .stringType()
          .defaultValue("cpu")
          .description("cpu, or cuda to use the CUDA provider when the machine has one.");
  public static final List<Option<?>> SCORE_SECTION =
      List.of(
          SCORE_INPUT,
          SCORE_TEXT,
          SCORE_MODEL,
          SCORE_TASK,
          SCORE_POSITIVE_LABEL,
          SCORE_BATCH_SIZE,
          SCORE_THREADS,
          SCORE_MAX_LENGTH,
          SCORE_DEVICE);

  // ---- expectations ----
  public static final Option<String> CHECK_NAME =
      Option.key("name")
          .stringType()
          .required()
          .description("Name of the check, unique per dataset.");
  public static final Option<String> CHECK =
      Option.key("check").stringType().required().description("SQL boolean expression over a row.");
  public static final Option<String> ON_FAIL =
      Option.key("on_fail")
          .enumType(OnFail.class)
          .defaultValue("fail")
          .description(
              "warn (count only), drop, quarantine (keep aside with the reason) or fail the run.");
  public static final List<Option<?>> EXPECTATION = List.of(CHECK_NAME, CHECK, ON_FAIL);

  // ---- sinks ----
  public static final Option<String> SINK_FROM =
      Option.key("from").stringType().required().description("The dataset to write.");
  public static final Option<Object> RECONCILE =
      Option.key("reconcile")
          .sectionType()
          .description(
              "After the write, compare the dataset with the target: row counts, and optionally"
                  + " { keys: [...] } distinct key values and { sums: [...] } column sums;"
                  + " on_fail: fail (default) or warn. Mismatches alert the Slack webhook.");
  public static final List<Option<?>> SINK_COMMON =
      List.of(TYPE, DESCRIPTION, SINK_FROM, MODE, KEYS, RECONCILE);

  public static final Option<List<String>> RECONCILE_KEYS =
      Option.key("keys")
          .stringListType()
          .noDefaultValue()
          .description("Columns whose distinct values are compared.");
  public static final Option<List<String>> RECONCILE_SUMS =
      Option.key("sums")
          .stringListType()
          .noDefaultValue()
          .description("Numeric columns whose sums are compared.");
  public static final Option<String> RECONCILE_ON_FAIL =
      Option.key("on_fail")
          .stringType()
          .defaultValue("fail")
          .description("fail: the run fails on a mismatch; warn: it warns.");
  public static final Option<Boolean> RECONCILE_ROWS =
      Option.key("rows")
          .booleanType()
          .defaultValue(true)
          .description(
              "Compare row counts (false when one side is expected to have more rows, such as raw"
                  + " events with duplicate deliveries against their deduplicated table).");
  public static final List<Option<?>> RECONCILE_SECTION =
      List.of(RECONCILE_KEYS, RECONCILE_SUMS, RECONCILE_ROWS, RECONCILE_ON_FAIL);
  public static final Option<String> RECONCILE_WITH =
      Option.key("with")
          .stringType()
          .required()
          .description("The other dataset to compare this one with.");
  public static final List<Option<?>> DATASET_RECONCILE_SECTION =
      List.of(RECONCILE_WITH, RECONCILE_KEYS, RECONCILE_SUMS, RECONCILE_ROWS, RECONCILE_ON_FAIL);

  // ---- alerts ----
  public static final Option<String> SLACK_WEBHOOK =
      Option.key("slack_webhook")
          .stringType()
          .noDefaultValue()
          .description(
              "A Slack incoming webhook URL ('${secret:SLACK_WEBHOOK}'); failed reconciliations"
                  + " and failed runs are posted there.")
          .asSecret();
  public static final Option<String> WEBHOOK =
      Option.key("webhook")
          .stringType()
          .noDefaultValue()
          .description(
              "A URL that receives every alert as JSON: kind (failure, success, sla, sensor_timeout,"
                  + " reconciliation), pipeline, run_id, logical_date, text.")
          .asSecret();
  public static final Option<Boolean> ON_SUCCESS =
      Option.key("on_success")
          .booleanType()
          .defaultValue(false)
          .description("Also alert when a run succeeds.");
  public static final Option<java.time.Duration> SLA =
      Option.key("sla")
          .durationType()
          .noDefaultValue()
          .positive()
          .description("Alert when a run takes longer than this (30m, 2h).");
  public static final List<Option<?>> ALERTS_SECTION =
      List.of(SLACK_WEBHOOK, WEBHOOK, ON_SUCCESS, SLA);

  // ---- sensors ----
  public static final Option<java.time.Duration> POKE_INTERVAL =
      Option.key("poke_interval")
          .durationType()
          .defaultValue(java.time.Duration.ofSeconds(30))
          .positive()
          .description("How often the sensor checks: 10s, 30s, 5m.");
  public static final Option<java.time.Duration> SENSOR_TIMEOUT =
      Option.key("timeout")
          .durationType()
          .defaultValue(java.time.Duration.ofHours(1))
          .positive()
          .description("How long it waits before the run fails: 30m, 2h.");
  public static final List<Option<?>> SENSOR_COMMON =
      List.of(TYPE, DESCRIPTION, POKE_INTERVAL, SENSOR_TIMEOUT);

  // ---- retention ----
  public static final Option<String> RETENTION_MAX_SNAPSHOT_AGE =
      Option.key("max_snapshot_age")
          .stringType()
          .defaultValue("5d")
          .description(
              "Snapshots older than this are expired after each write of a table (and of its"
                  + " quarantine table), and the files no kept snapshot needs are deleted;"
                  + " 'forever' keeps every snapshot.");
  public static final Option<Integer> RETENTION_MIN_SNAPSHOTS =
      Option.key("min_snapshots")
          .intType()
          .defaultValue(1)
          .description("The newest snapshots of a table kept whatever their age; at least 1.");
  public static final Option<java.time.Duration> RETENTION_STREAM_SNAPSHOT_AGE =
      Option.key("stream_snapshot_age")
          .durationType()
          .defaultValue(java.time.Duration.ofHours(1))
          .positive()
          .description(
              "Snapshots of a streaming dataset's tables older than this are expired every"
                  + " stream_maintenance_interval while it runs (a stream commits a snapshot every"
                  + " micro-batch): 1h by default, or max_snapshot_age when that is shorter.");
  public static final Option<Integer> RETENTION_COMPACT_MIN_FILES =
      Option.key("compact_min_files")
          .intType()
          .defaultValue(20)
          .atLeast(2)
          .description(
              "A streaming dataset's tables are compacted (files under 32 MiB rewritten into"
                  + " ones of up to 128 MiB) once a partition has this many of them.");
  public static final Option<java.time.Duration> RETENTION_STREAM_MAINTENANCE_INTERVAL =
      Option.key("stream_maintenance_interval")
          .durationType()
          .defaultValue(java.time.Duration.ofMinutes(1))
          .description(
              "How often a running stream compacts and expires its tables: after the first"
                  + " micro-batch that ends this long after the last time (1m by default; 0s after"
                  + " every micro-batch).");
  public static final List<Option<?>> RETENTION_SECTION =
      List.of(
          RETENTION_MAX_SNAPSHOT_AGE,
          RETENTION_MIN_SNAPSHOTS,
          RETENTION_STREAM_SNAPSHOT_AGE,
          RETENTION_COMPACT_MIN_FILES,
          RETENTION_STREAM_MAINTENANCE_INTERVAL);

  // ---- retries ----
  public static final Option<Integer> RETRY_COUNT =
      Option.key("count")
          .intType()
          .defaultValue(0)
          .atLeast(0)
          .description("Retries after the first attempt.");
  public static final Option<java.time.Duration> RETRY_DELAY =
      Option.key("delay")
          .durationType()
          .defaultValue(java.time.Duration.ofSeconds(30))
          .description("Wait before the first retry.");
  public static final Option<Double> RETRY_BACKOFF =
      Option.key("backoff")
          .doubleType()
          .defaultValue(2.0)
          .atLeast(1)
          .description("Each further wait is the previous one times this.");
  public static final List<Option<?>> RETRY_SECTION =
      List.of(RETRY_COUNT, RETRY_DELAY, RETRY_BACKOFF);

  // ---- schedule ----
  public static final Option<String> SCHEDULE_CRON =
      Option.key("cron")
          .stringType()
          .required()
          .description(
              "A Unix cron expression, five fields: minute hour day-of-month month day-of-week"
                  + " ('30 1 * * *': 01:30 every day).");
  public static final Option<String> SCHEDULE_TIMEZONE =
      Option.key("timezone")
          .stringType()
          .defaultValue("UTC")
          .description("The time zone the cron fields are read in (Asia/Seoul); DST-aware.");
  public static final Option<String> SCHEDULE_START =
      Option.key("start_date")
          .stringType()
          .required()
          .description("The first logical date, YYYY-MM-DD.");
  public static final Option<String> SCHEDULE_END =
      Option.key("end_date")
          .stringType()
          .noDefaultValue()
          .description("The last logical date, YYYY-MM-DD (default: none).");
  public static final Option<Boolean> SCHEDULE_CATCHUP =
      Option.key("catchup")
          .booleanType()
          .defaultValue(false)
          .description(
              "true: the scheduler runs every missed interval since start_date, in order; false:"
                  + " only the latest.");
  public static final Option<Integer> SCHEDULE_MAX_ACTIVE =
      Option.key("max_active_runs")
          .intType()
          .defaultValue(1)
          .atLeast(1)
          .description("Runs of this pipeline at once (the scheduler keeps dates in order).");
  public static final List<Option<?>> SCHEDULE_SECTION =
      List.of(
          SCHEDULE_CRON,
          SCHEDULE_TIMEZONE,
          SCHEDULE_START,
          SCHEDULE_END,
          SCHEDULE_CATCHUP,
          SCHEDULE_MAX_ACTIVE);
}
