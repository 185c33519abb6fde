package io.sluice.connector.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** The dialects' DDL and statements; Redshift has no server to test against offline. */
class JdbcDialectTest {
  @Test
  void theDialectComesFromTheUrlUnlessDeclared() {
    assertThat(JdbcDialect.of("jdbc:postgresql://h/db", Optional.empty()))
        .isEqualTo(JdbcDialect.POSTGRESQL);
    assertThat(JdbcDialect.of("jdbc:redshift://h:5439/db", Optional.of("auto")))
        .isEqualTo(JdbcDialect.REDSHIFT);
    assertThat(JdbcDialect.of("jdbc:mariadb://h/db", Optional.empty()))
        .isEqualTo(JdbcDialect.MYSQL);
    assertThat(JdbcDialect.of("jdbc:postgresql://h/db", Optional.of("redshift")))
        .isEqualTo(JdbcDialect.REDSHIFT);
    assertThat(JdbcDialect.of("jdbc:mysql://h/db", Optional.of("mariadb")))
        .isEqualTo(JdbcDialect.MYSQL);
    assertThat(JdbcDialect.known("jdbc:sqlserver://h")).isFalse();
  }

  @Test
  void loadIsCheckedAndCopyStatementsNameTheColumns() {
    JdbcConnectorFactory factory = new JdbcConnectorFactory();
    assertThat(factory.validateSink(options("jdbc:postgresql://h/db", "copy"))).isEmpty();
    assertThat(factory.validateSink(options("embedded", "copy"))).isEmpty();
    assertThat(factory.validateSink(options("jdbc:mariadb://h/db", "copy"))).isEmpty();
    assertThat(factory.validateSink(options("jdbc:postgresql://h/db", "bulk")))
        .extracting(io.sluice.spi.OptionProblem::message)
        .containsExactly("load is auto, copy or insert");
    // COPY names the staging table's columns as the DDL quotes them; binary where the types allow
    Map<String, String> types = new LinkedHashMap<>();
    types.put("id", "BIGINT");
    types.put("Name", "VARCHAR(16)");
    org.apache.spark.sql.types.StructType schema =
        new org.apache.spark.sql.types.StructType()
            .add("id", DataTypes.LongType)
            .add("Name", DataTypes.StringType);
    assertThat(copy(types, schema).statement())
        .isEqualTo(
            "COPY mart.t__sluice_staging (\"id\", \"Name\") FROM STDIN WITH (FORMAT binary)");
    assertThat(copy(types, schema).binary()).isTrue();
    // a type set in column_types that the binary encoding is not exact for: CSV
    types.put("id", "NUMERIC(20)");
    assertThat(copy(types, schema).binary()).isFalse();
    assertThat(copy(types, schema).statement())
        .isEqualTo("COPY mart.t__sluice_staging (\"id\", \"Name\") FROM STDIN WITH (FORMAT csv)");
  }

  private static PostgresCopy copy(
      Map<String, String> types, org.apache.spark.sql.types.StructType schema) {
    return new PostgresCopy(
        "url", new java.util.Properties(), "mart.t__sluice_staging", types, schema);
  }

  private static io.sluice.spi.ResolvedOptions options(String url, String load) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("url", url);
    values.put("table", "mart.t");
    values.put("load", load);
    return new io.sluice.spi.ResolvedOptions(values);
  }

  @Test
  void redshiftTypesCountBytesAndNeverFallBackToItsVarchar256Text() {
    JdbcDialect redshift = JdbcDialect.REDSHIFT;
    assertThat(redshift.lengthsInBytes()).isTrue();
    assertThat(redshift.stringType(300)).isEqualTo("VARCHAR(512)");
    assertThat(redshift.stringType(70_000)).isEqualTo("VARCHAR(65535)");
    assertThat(redshift.stringType(-1)).isEqualTo("VARCHAR(65535)");
    assertThat(redshift.sqlType(DataTypes.createArrayType(DataTypes.StringType)))
        .isEqualTo("SUPER");
    assertThat(redshift.sqlType(DataTypes.TimestampType)).isEqualTo("TIMESTAMPTZ");
    assertThat(redshift.sqlType(DataTypes.createDecimalType(38, 6))).isEqualTo("NUMERIC(38,6)");
    Map<String, String> types = new LinkedHashMap<>();
    types.put("messageid", "VARCHAR(64)");
    types.put("ts", "TIMESTAMP");
    assertThat(ColumnTypes.createTable("analytics.dw", types, List.of("messageid"), redshift))
        .isEqualTo(
            "CREATE TABLE analytics.dw (\"messageid\" VARCHAR(64), \"ts\" TIMESTAMP, PRIMARY KEY"
                + " (\"messageid\"))");
  }

  @Test
  void redshiftMergesByDeleteAndInsertInOneTransaction() {
    assertThat(
            JdbcDialect.REDSHIFT.mergeInto(
                "analytics.dw", "analytics.dw__sluice_staging", List.of("id", "v"), List.of("id")))
        .containsExactly(
            "DELETE FROM analytics.dw USING analytics.dw__sluice_staging WHERE"
                + " analytics.dw.\"id\" = analytics.dw__sluice_staging.\"id\"",
            "INSERT INTO analytics.dw (\"id\", \"v\") SELECT \"id\", \"v\" FROM"
                + " analytics.dw__sluice_staging");
    assertThat(JdbcDialect.REDSHIFT.transactionalDdl()).isTrue();
  }

  @Test
  void postgresAndMysqlUpsertStatements() {
    assertThat(JdbcDialect.POSTGRESQL.mergeInto("t", "s", List.of("id", "v"), List.of("id")))
        .containsExactly(
            "INSERT INTO t (\"id\", \"v\") SELECT \"id\", \"v\" FROM s ON CONFLICT (\"id\") DO"
                + " UPDATE SET \"v\" = EXCLUDED.\"v\"");
    assertThat(JdbcDialect.MYSQL.mergeInto("t", "s", List.of("id", "v"), List.of("id")))
        .containsExactly(
            "INSERT INTO t (`id`, `v`) SELECT `id`, `v` FROM s ON DUPLICATE KEY UPDATE `v` ="
                + " VALUES(`v`)");
    assertThat(JdbcDialect.MYSQL.transactionalDdl()).isFalse();
    assertThat(JdbcDialect.MYSQL.stringType(300)).isEqualTo("MEDIUMTEXT");
    assertThat(JdbcDialect.MYSQL.keyType(300)).isEqualTo("VARCHAR(512)");
    assertThat(JdbcDialect.MYSQL.keyType(5000)).isEqualTo("VARCHAR(768)");
  }

  @Test
  void stringTypeAutoIsTextOnPostgresAndSizedElsewhereAndWideningIsPerDialect() {
    for (JdbcDialect dialect : JdbcDialect.values()) {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("url", "jdbc:postgresql://h/db");
      values.put("table", "t");
      values.put("dialect", dialect.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(ColumnTypes.sizedStrings(new io.sluice.spi.ResolvedOptions(values), dialect))
          .as(dialect.name())
          .isEqualTo(dialect != JdbcDialect.POSTGRESQL);
      values.put("string_type", "sized");
      assertThat(ColumnTypes.sizedStrings(new io.sluice.spi.ResolvedOptions(values), dialect))
          .isTrue();
      values.put("string_type", "text");
      assertThat(ColumnTypes.sizedStrings(new io.sluice.spi.ResolvedOptions(values), dialect))
          .isFalse();
    }
    assertThat(JdbcDialect.REDSHIFT.widen("a.t", "name", "VARCHAR(512)"))
        .isEqualTo("ALTER TABLE a.t ALTER COLUMN \"name\" TYPE VARCHAR(512)");
    assertThat(JdbcDialect.REDSHIFT.lengthFunction()).isEqualTo("OCTET_LENGTH");
    assertThat(JdbcDialect.MYSQL.widen("a.t", "name", "MEDIUMTEXT"))
        .isEqualTo("ALTER TABLE a.t MODIFY `name` MEDIUMTEXT");
    assertThat(JdbcDialect.MYSQL.lengthFunction()).isEqualTo("CHAR_LENGTH");
  }
}
