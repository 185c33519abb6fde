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
          .defaultValue("sized")
          .description(
              "sized: VARCHAR(n) with n the longest value rounded up to a power of two (at least"
                  + " 16); text: TEXT for every string column.");
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
              "How rows reach the staging table: copy (PostgreSQL's COPY FROM STDIN, one stream per"
                  + " partition, several times faster than INSERT), insert (batched INSERTs through"
                  + " Spark's JDBC writer), or auto: COPY on PostgreSQL, LOAD DATA LOCAL INFILE on"
                  + " MySQL/MariaDB where the server allows it (local_infile) and no column is"
                  + " binary, INSERT otherwise.");

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
        PARALLELISM);
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
    } else if (load.equals("copy")
        && !url.equals(EMBEDDED)
        && JdbcDialect.known(url)
        && JdbcDialect.of(url, options.find(DIALECT)) != JdbcDialect.POSTGRESQL) {
      problems.add(
          new OptionProblem(
              "load",
              ErrorCode.INVALID_VALUE,
              "load: copy streams rows with PostgreSQL's COPY FROM STDIN, which "
                  + JdbcDialect.of(url, options.find(DIALECT))
                      .name()
                      .toLowerCase(java.util.Locale.ROOT)
                  + " does not have",
              "use load: insert (or auto)"));
    }
    String strings = options.get(STRING_TYPE);
    if (!strings.equals("sized") && !strings.equals("text")) {
      problems.add(
          new OptionProblem(
              "string_type",
              ErrorCode.INVALID_VALUE,
              "string_type is sized or text",
              "default sized"));
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
