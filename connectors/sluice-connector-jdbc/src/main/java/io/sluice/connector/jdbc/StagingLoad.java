package io.sluice.connector.jdbc;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.ResolvedOptions;
import io.sluice.spi.SluiceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * How a load's rows reach its staging table, by warehouse and {@code load:}: PostgreSQL's COPY FROM
 * STDIN ({@link PostgresCopy}), Redshift's COPY from Parquet on S3 ({@link RedshiftCopy}), MySQL's
 * LOAD DATA LOCAL INFILE ({@link MySqlLoadData}) or batched INSERTs (Spark's JDBC writer).
 */
final class StagingLoad {
  private final ResolvedOptions options;
  private final JdbcDialect dialect;

  StagingLoad(ResolvedOptions options, JdbcDialect dialect) {
    this.options = options;
    this.dialect = dialect;
  }

  /**
   * Loads the rows: {@code data} as the dataset holds them (Redshift's Parquet keeps nested
   * values), {@code flat} with nested values as JSON text (the other paths). Returns the number of
   * rows staged where the load reports it (PostgreSQL's COPY), else empty: count the table.
   */
  java.util.OptionalLong load(
      Dataset<Row> data,
      Dataset<Row> flat,
      Connection connection,
      String url,
      Properties properties,
      String staging,
      String table,
      Map<String, String> types,
      String runId)
      throws SQLException {
    List<String> columns = new ArrayList<>(types.keySet());
    String load = options.get(JdbcConnectorFactory.LOAD);
    if (dialect == JdbcDialect.REDSHIFT
        && !load.equals("insert")
        && options.find(JdbcConnectorFactory.S3_STAGING).isPresent()) {
      copyFromS3(data, connection, staging, table, runId);
    } else if (dialect == JdbcDialect.POSTGRESQL && !load.equals("insert")) {
      return new PostgresCopy(url, properties, staging, types, flat.schema())
          .copy(flat, options.get(JdbcConnectorFactory.PARALLELISM));
    } else if (dialect == JdbcDialect.MYSQL
        && !load.equals("insert")
        && loadDataAllowed(connection, flat, load)) {
      new MySqlLoadData(
              url, properties, staging, columns, options.get(JdbcConnectorFactory.BATCH_SIZE) * 10)
          .load(flat, options.get(JdbcConnectorFactory.PARALLELISM));
    } else {
      insert(flat, url, staging, properties);
    }
    return java.util.OptionalLong.empty();
  }

  /** Whether LOAD DATA can run; with {@code load: copy}, a server that refuses it is an error. */
  private static boolean loadDataAllowed(Connection connection, Dataset<Row> flat, String load)
      throws SQLException {
    boolean allowed = MySqlLoadData.allowed(connection, flat.schema().fields());
    if (!allowed && load.equals("copy")) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "load: copy needs LOAD DATA LOCAL INFILE, which this server does not allow"
              + " (local_infile=OFF) or a binary column cannot take; set local_infile=ON on the"
              + " server, or write load: auto");
    }
    return allowed;
  }

  /** Redshift: the rows as Parquet on S3, then one COPY into the staging table; files deleted. */
  private void copyFromS3(
      Dataset<Row> data, Connection connection, String staging, String table, String runId)
      throws SQLException {
    RedshiftCopy copy = redshiftCopy(options);
    String folder = copy.folder(table, runId);
    try {
      RedshiftCopy.stage(data, folder);
      try (Statement statement = connection.createStatement()) {
        statement.execute(copy.statement(staging, folder, data.schema()));
      }
    } finally {
      RedshiftCopy.delete(data, folder);
    }
  }

  static RedshiftCopy redshiftCopy(ResolvedOptions options) {
    return new RedshiftCopy(
        options.get(JdbcConnectorFactory.S3_STAGING),
        new RedshiftCopy.Authorization(
            options.find(JdbcConnectorFactory.IAM_ROLE),
            options.find(JdbcConnectorFactory.AWS_ACCESS_KEY_ID),
            options.find(JdbcConnectorFactory.AWS_SECRET_ACCESS_KEY),
            options.find(JdbcConnectorFactory.AWS_SESSION_TOKEN)),
        options.find(JdbcConnectorFactory.REGION));
  }

  /** The staged rows through Spark's JDBC writer: batched INSERTs, a connection a partition. */
  private void insert(Dataset<Row> flat, String url, String staging, Properties properties) {
    org.apache.spark.sql.DataFrameWriter<Row> writer =
        flat.write()
            .mode(SaveMode.Append)
            .option("batchsize", options.get(JdbcConnectorFactory.BATCH_SIZE))
            .option("numPartitions", options.get(JdbcConnectorFactory.PARALLELISM));
    if (dialect == JdbcDialect.POSTGRESQL) {
      writer =
          writer
              .option("stringtype", "unspecified") // JSON text into JSONB columns
              .option("reWriteBatchedInserts", "true"); // one multi-row INSERT a batch
    }
    if (dialect == JdbcDialect.MYSQL) {
      MariaDbSparkDialect.register();
    }
    writer.jdbc(url, staging, properties);
  }
}
