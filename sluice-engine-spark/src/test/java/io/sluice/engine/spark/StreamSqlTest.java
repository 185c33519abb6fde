package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StreamSqlTest {
  @Test
  void everyReferenceToTheStreamReadsTheBatchAndOthersStay() {
    String sql =
        "SELECT r.id, t.title FROM bronze.reviews r\n"
            + "JOIN silver.titles t ON r.movie = t.movie\n"
            + "WHERE r.id IN (SELECT id FROM `bronze`.`reviews` WHERE rating > 5)";
    assertThat(StreamSql.readingBatch(sql, "bronze.reviews", "v"))
        .isEqualTo(
            "SELECT r.id, t.title FROM v r\n"
                + "JOIN silver.titles t ON r.movie = t.movie\n"
                + "WHERE r.id IN (SELECT id FROM v WHERE rating > 5)");
  }

  @Test
  void aCatalogPrefixAndCaseAreMatchedAndCteNamesAreNot() {
    String sql =
        "WITH reviews AS (SELECT * FROM lake.Bronze.Reviews) SELECT * FROM reviews, bronze.other";
    assertThat(StreamSql.readingBatch(sql, "bronze.reviews", "v"))
        .isEqualTo("WITH reviews AS (SELECT * FROM v) SELECT * FROM reviews, bronze.other");
  }

  @Test
  void aQueryThatDoesNotReadTheStreamIsRefused() {
    assertThatThrownBy(() -> StreamSql.readingBatch("SELECT 1", "bronze.reviews", "v"))
        .hasMessageContaining("does not read bronze.reviews");
  }

  @Test
  void identifiersEndWhereTheirLastPartEnds() {
    assertThat(StreamSql.identifierEnd("a . `b``c` x", 0)).isEqualTo(10);
    assertThat(StreamSql.identifierEnd("abc", 0)).isEqualTo(3);
  }
}
