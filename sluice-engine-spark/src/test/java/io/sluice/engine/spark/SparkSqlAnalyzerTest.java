package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.SqlAnalyzer;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparkSqlAnalyzerTest {
  private final SparkSqlAnalyzer analyzer = new SparkSqlAnalyzer();

  @Test
  void findsTablesInJoinsSubqueriesAndUnions() throws Exception {
    assertThat(
            analyzer.referencedTables(
                """
        SELECT a.id FROM silver.a a JOIN gold.b b ON a.id = b.id
        WHERE a.x IN (SELECT x FROM bronze.c) AND EXISTS (SELECT 1 FROM bronze.d WHERE d.y = a.y)
        UNION ALL SELECT id FROM lake.silver.e
        """))
        .containsExactlyInAnyOrder(
            List.of("silver", "a"),
            List.of("gold", "b"),
            List.of("bronze", "c"),
            List.of("bronze", "d"),
            List.of("lake", "silver", "e"));
  }

  @Test
  void commonTableExpressionsAreNotTables() throws Exception {
    assertThat(
            analyzer.referencedTables(
                """
        WITH recent AS (SELECT * FROM silver.events WHERE ts > now() - INTERVAL 1 DAY),
             counted AS (SELECT user, count(*) AS n FROM recent GROUP BY user)
        SELECT * FROM counted JOIN gold.users USING (user)
        """))
        .containsExactlyInAnyOrder(List.of("silver", "events"), List.of("gold", "users"));
  }

  @Test
  void stringsAndCommentsThatLookLikeTablesAreIgnored() throws Exception {
    assertThat(
            analyzer.referencedTables(
                """
        -- FROM bronze.commented
        SELECT 'FROM bronze.quoted' AS text, x FROM silver.real /* JOIN gold.block */
        """))
        .containsExactly(List.of("silver", "real"));
  }

  @Test
  void referencesCarryTheirPosition() throws Exception {
    assertThat(analyzer.references("SELECT *\nFROM silver.a\n  JOIN gold.b USING (id)"))
        .containsExactly(
            new SqlAnalyzer.TableReference(List.of("silver", "a"), 2, 6),
            new SqlAnalyzer.TableReference(List.of("gold", "b"), 3, 8));
  }

  @Test
  void syntaxErrorsCarryLineAndColumn() {
    assertThatThrownBy(() -> analyzer.referencedTables("SELECT a,\n  b\nFORM t"))
        .isInstanceOfSatisfying(
            SqlAnalyzer.SqlSyntaxError.class,
            e -> {
              assertThat(e.line()).isEqualTo(3);
              assertThat(e.column()).isEqualTo(6);
              assertThat(e.getMessage()).isEqualTo("Syntax error at or near 't': extra input 't'.");
            });
  }

  @Test
  void checksExpressions() {
    assertThat(analyzer.checkExpression("latitude BETWEEN -90 AND 90 AND name RLIKE '^[a-z]+$'"))
        .isEmpty();
    assertThat(analyzer.checkExpression("amount >>= 0"))
        .get()
        .satisfies(e -> assertThat(e.getMessage()).contains("Syntax error"));
  }
}
