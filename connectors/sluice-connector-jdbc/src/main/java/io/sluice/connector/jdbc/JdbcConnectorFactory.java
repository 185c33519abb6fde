package io.sluice.connector.jdbc;

import io.sluice.spi.Delivery;
import io.sluice.spi.DeliveryGuarantee;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.Option;
import io.sluice.spi.OptionProblem;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SinkConnector;
import io.sluice.spi.WriteMode;
import io.sluice.spi.spark.SparkBatchSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jdbc} sink: typed tables (column types from the dataset's schema, strings sized from
 * the data), written through a staging table and swapped or merged in one transaction.
 */
public final class JdbcConnectorFactory implements SinkConnector {
  /** The id of the service whose address is the PostgreSQL that {@code url: embedded} means. */
  static final String POSTGRES_SERVICE = "postgres";

  public static final Option<String> URL =
      Option.key("url")
          .stringType()
          .required()
          .description(
              "JDBC URL, such as jdbc:postgresql://127.0.0.1:5432/warehouse, or 'embedded': the"
                  + " PostgreSQL server Sluice starts for the run (data under .sluice/postgres,"
                  + " 127.0.0.1:15432, database warehouse, user postgres).")
          .asSecret();
  public static final Option<String> TABLE =
      Option.key("table")
          .stringType()
          .required()
          .description("Target table, optionally schema-qualified: analytics.sessions.");
  public static final Option<String> USER =
      Option.key("user").stringType().noDefaultValue().description("Database user.");
  public static final Option<String> PASSWORD =
      Option.key("password")
          .stringType()
          .noDefaultValue()
          .description("Database password; write '${secret:WAREHOUSE_PASSWORD}'.")
          .asSecret();
  public static final Option<Map<String, String>> COLUMN_TYPES =
      Option.key("column_types")
          .stringMapType()
          .noDefaultValue()
          .description("SQL types that replace the derived ones, by column: { note: TEXT }.");
  public static final Option<String> STRING_TYPE =
      Option.key("string_type")
          .stringType()
          .defaultValue("auto")
          .description(
              "sized: VARCHAR(n) with n the longest value rounded up to a power of two (at least"
                  + " 16); text: TEXT for every string column; auto: text on PostgreSQL (TEXT and"
                  + " VARCHAR(n) store and compare alike there), sized on Redshift and MySQL.");
  public static final Option<Integer> BATCH_SIZE =
      Option.key("batch_size").intType().defaultValue(10_000).description("Rows per JDBC batch.");
  public static final Option<Integer> PARALLELISM =
      Option.key("parallelism")
          .intType()
          .defaultValue(4)
          .description("Connections that load the staging table at once.");

  public static final Option<String> LOAD =
      Option.key("load")
          .stringType()
          .defaultValue("auto")
          .description(
              "How rows reach the staging table: copy (the warehouse's bulk path: PostgreSQL's"
                  + " COPY FROM STDIN, binary where the column types allow, one stream per"
                  + " partition; Redshift's COPY from s3_staging; MySQL/MariaDB's LOAD DATA LOCAL"
                  + " INFILE), insert (batched INSERTs through"
                  + " Spark's JDBC writer), or auto: copy where it can run (Redshift with"
                  + " s3_staging; MySQL when the server allows local_infile and no column is"
                  + " binary), insert otherwise.");

  public static final Option<String> S3_STAGING =
      Option.key("s3_staging")
          .stringType()
          .noDefaultValue()
          .description(
              "Redshift: where Spark writes the rows as Parquet for COPY (s3a://bucket/prefix,"
                  + " reachable with the run's s3a credentials and by Redshift); with it the load"
                  + " is one COPY ... FORMAT AS PARQUET instead of INSERTs. The files are deleted"
                  + " after the load.");
  public static final Option<String> IAM_ROLE =
      Option.key("iam_role")
          .stringType()
          .noDefaultValue()
          .description(
              "Redshift COPY: the IAM role that reads s3_staging (arn:aws:iam::...:role/...).");
  public static final Option<String> AWS_ACCESS_KEY_ID =
      Option.key("aws_access_key_id")
          .stringType()
          .noDefaultValue()
          .description("Redshift COPY without a role: the access key; write '${secret:...}'.")
          .asSecret();
  public static final Option<String> AWS_SECRET_ACCESS_KEY =
      Option.key("aws_secret_access_key")
          .stringType()
          .noDefaultValue()
          .description("Redshift COPY without a role: the secret key; write '${secret:...}'.")
          .asSecret();
  public static final Option<String> AWS_SESSION_TOKEN =
      Option.key("aws_session_token")
          .stringType()
          .noDefaultValue()
          .description("Redshift COPY with temporary keys: their session token.")
          .asSecret();
  public static final Option<String> REGION =
      Option.key("region")
          .stringType()
          .noDefaultValue()
          .description("Redshift COPY: the bucket's region, when it is not the cluster's.");

  public static final Option<String> DIALECT =
      Option.key("dialect")
          .stringType()
          .defaultValue("auto")
          .description(
              "postgresql, redshift, mysql (also MariaDB), or auto: from the URL (jdbc:postgresql,"
                  + " jdbc:redshift, jdbc:mysql, jdbc:mariadb). Sets column types, quoting and the"
                  + " statements of overwrite and merge.");

  /** The {@code url} that asks for the run's embedded PostgreSQL server. */
  public static final String EMBEDDED = "embedded";

  @Override
  public String id() {
    return "jdbc";
  }

  @Override
  public String description() {
    return "Typed, atomic loads into PostgreSQL, Redshift and MySQL/MariaDB: a staging table"
        + " swapped (overwrite) or merged (append, merge on keys) in one transaction";
  }

  @Override
  public Set<String> needs(ResolvedOptions options) {
    return options.get(URL).equals(EMBEDDED)
        ? Set.of(JdbcConnectorFactory.POSTGRES_SERVICE)
        : Set.of();
  }

  @Override
  public List<Option<?>> sinkOptions() {
    return List.of(
        URL,
        TABLE,
        USER,
        PASSWORD,
        DIALECT,
        COLUMN_TYPES,
        STRING_TYPE,
        LOAD,
        BATCH_SIZE,
        PARALLELISM,
        S3_STAGING,
        IAM_ROLE,
        AWS_ACCESS_KEY_ID,
        AWS_SECRET_ACCESS_KEY,
        AWS_SESSION_TOKEN,
        REGION);
  }

  @Override
  public List<OptionProblem> validateSink(ResolvedOptions options) {
    List<OptionProblem> problems = new ArrayList<>();
    String url = options.get(URL);
    if (!JdbcDialect.known(url)) {
      problems.add(
          new OptionProblem(
              "url",
              ErrorCode.INVALID_VALUE,
              "url must be a PostgreSQL, Redshift or MySQL/MariaDB JDBC URL, or 'embedded'",
              "jdbc:postgresql://HOST:5432/DB, jdbc:redshift://HOST:5439/DB (with Amazon's"
                  + " driver on the class path), jdbc:mysql://HOST:3306/DB or"
                  + " jdbc:mariadb://HOST:3306/DB"));
    }
    String dialect = options.get(DIALECT).toLowerCase(java.util.Locale.ROOT);
    if (!List.of("auto", "postgresql", "redshift", "mysql", "mariadb").contains(dialect)) {
      problems.add(
          new OptionProblem(
              "dialect",
              ErrorCode.INVALID_VALUE,
              "dialect '" + dialect + "' is not known",
              "use auto, postgresql, redshift, mysql or mariadb"));
    }
    if (!options.get(TABLE).matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
      problems.add(
          new OptionProblem(
              "table",
              ErrorCode.INVALID_VALUE,
              "table must be NAME or SCHEMA.NAME of letters, digits and '_'",
              "for example analytics.sessions"));
    }
    String load = options.get(LOAD);
    if (!List.of("auto", "copy", "insert").contains(load)) {
      problems.add(
          new OptionProblem(
              "load", ErrorCode.INVALID_VALUE, "load is auto, copy or insert", "default auto"));
    }
    problems.addAll(redshiftCopyProblems(options, url));
    String strings = options.get(STRING_TYPE);
    if (!List.of("auto", "sized", "text").contains(strings)) {
      problems.add(
          new OptionProblem(
              "string_type",
              ErrorCode.INVALID_VALUE,
              "string_type is auto, sized or text",
              "default auto"));
    }
    return problems;
  }

  /** s3_staging: for Redshift, an s3 URI, with a role or both keys. */
  private static List<OptionProblem> redshiftCopyProblems(ResolvedOptions options, String url) {
    List<OptionProblem> problems = new ArrayList<>();
    java.util.Optional<String> staging = options.find(S3_STAGING);
    boolean redshift =
        JdbcDialect.known(url)
            && !url.equals(EMBEDDED)
            && JdbcDialect.of(url, options.find(DIALECT)) == JdbcDialect.REDSHIFT;
    if (staging.isEmpty()) {
      if (redshift && options.get(LOAD).equals("copy")) {
        problems.add(
            new OptionProblem(
                "load",
                ErrorCode.MISSING_REQUIRED,
                "load: copy on Redshift reads the rows from S3: s3_staging is missing",
                "add s3_staging: s3a://bucket/prefix and iam_role"));
      }
      return problems;
    }
    if (!redshift) {
      problems.add(
          new OptionProblem(
              "s3_staging",
              ErrorCode.INVALID_VALUE,
              "s3_staging is for Redshift's COPY; this sink loads another warehouse",
              "remove s3_staging"));
    } else if (!staging.get().matches("(?i)s3[an]?://[^/]+(/.*)?")) {
      problems.add(
          new OptionProblem(
              "s3_staging",
              ErrorCode.INVALID_VALUE,
              "s3_staging must be an S3 URI, such as s3a://bucket/sluice-staging",
              "write s3a://BUCKET/PREFIX"));
    } else if (options.find(IAM_ROLE).isEmpty()
        && (options.find(AWS_ACCESS_KEY_ID).isEmpty()
            || options.find(AWS_SECRET_ACCESS_KEY).isEmpty())) {
      problems.add(
          new OptionProblem(
              "s3_staging",
              ErrorCode.MISSING_REQUIRED,
              "Redshift's COPY needs iam_role, or aws_access_key_id and aws_secret_access_key,"
                  + " to read s3_staging",
              "add iam_role: arn:aws:iam::ACCOUNT:role/ROLE"));
    }
    return problems;
  }

  @Override
  public Delivery sinkDelivery(ResolvedOptions options, WriteMode mode) {
    return new Delivery(
        DeliveryGuarantee.EXACTLY_ONCE,
        switch (mode) {
          case OVERWRITE ->
              "loaded into a staging table, swapped in within one transaction (MySQL: one atomic"
                  + " RENAME TABLE): a failure leaves the table as it was";
          case APPEND ->
              "loaded into a staging table, inserted within one transaction (a re-run appends"
                  + " again)";
          case MERGE ->
              "loaded into a staging table, upserted on the keys within one transaction; a re-run"
                  + " changes nothing";
        });
  }

  @Override
  public SparkBatchSink createBatchSink(ResolvedOptions options) {
    return new JdbcSink(options);
  }
}
