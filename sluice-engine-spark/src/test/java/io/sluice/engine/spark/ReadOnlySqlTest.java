package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadOnlySqlTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM gold.x",
        "WITH a AS (SELECT 1 AS n) SELECT n FROM a",
        "SELECT country, count(*) FROM silver.s GROUP BY country ORDER BY 2 DESC LIMIT 10",
        "SELECT * FROM gold.x WHERE id IN (SELECT id FROM gold.y)",
        "SELECT 1 UNION ALL SELECT 2",
        "VALUES (1, 'a')",
        "SELECT * FROM gold.x VERSION AS OF 123",
      })
  void queriesAreAllowed(String sql) {
    assertThat(ReadOnlySql.check(sql)).isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "DROP TABLE gold.x",
        "drop table gold.x",
        "CREATE TABLE gold.y AS SELECT 1",
        "INSERT INTO gold.x SELECT 1",
        "WITH a AS (SELECT 1) INSERT INTO gold.x SELECT * FROM a",
        "DELETE FROM gold.x WHERE 1 = 1",
        "UPDATE gold.x SET a = 1",
        "MERGE INTO gold.x t USING gold.y s ON t.id = s.id WHEN MATCHED THEN DELETE",
        "ALTER TABLE gold.x ADD COLUMN c INT",
        "TRUNCATE TABLE gold.x",
        "SET spark.sql.shuffle.partitions=1",
        "CACHE TABLE gold.x",
        "ADD JAR /tmp/evil.jar",
        "CALL lake.system.expire_snapshots('gold.x')",
        "SELECT reflect('java.lang.System', 'exit', 0)",
        "SELECT * FROM gold.x WHERE id = (SELECT java_method('java.lang.Runtime', 'getRuntime'))",
        "CREATE TEMPORARY VIEW v AS SELECT 1",
        "USE gold",
      })
  void anythingThatWritesOrReachesOutIsRefused(String sql) {
    assertThatThrownBy(() -> ReadOnlySql.check(sql))
        .as(sql)
        .isInstanceOf(SluiceException.class)
        .satisfies(
            e ->
                assertThat(((SluiceException) e).code())
                    .isIn(ErrorCode.READ_ONLY, ErrorCode.SQL_SYNTAX));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SELECT 1; DROP TABLE gold.x", "SELEC 1", ""})
  void whatDoesNotParseAsOneStatementIsASyntaxError(String sql) {
    assertThatThrownBy(() -> ReadOnlySql.check(sql))
        .isInstanceOf(SluiceException.class)
        .satisfies(e -> assertThat(((SluiceException) e).code()).isEqualTo(ErrorCode.SQL_SYNTAX));
  }
}
