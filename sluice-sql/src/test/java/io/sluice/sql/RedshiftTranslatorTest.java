package io.sluice.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RedshiftTranslatorTest {
  private final RedshiftTranslator translator =
      new RedshiftTranslator(name -> !Set.of("getdate", "nosuch", "len").contains(name));

  private String spark(String redshift) throws SqlTranslationException {
    return translator.toSpark(redshift).replaceAll("\\s+", " ");
  }

  @Test
  void doubleColonCastsBindTighterThanComparisons() throws Exception {
    assertThat(spark("select a from t where x > '2020-01-01'::timestamp and b::int = 2"))
        .isEqualTo(
            "SELECT a FROM t WHERE x > CAST('2020-01-01' AS TIMESTAMP) AND CAST(ROUND(b) AS INT) = 2");
    assertThat(spark("select f(x)::varchar(20), t.c::double precision, '1'::text::int from t"))
        .isEqualTo(
            "SELECT CAST(f(x) AS STRING), CAST(t.c AS DOUBLE), CAST(ROUND(CAST('1' AS STRING)) AS INT) FROM t");
  }

  @Test
  void redshiftDatePartsAndIntervals() throws Exception {
    assertThat(
            spark(
                "select dateadd('day', 1, ts), datediff(mins, a, b), ts - interval '2 weeks' from t"))
        .isEqualTo(
            "SELECT TIMESTAMPADD(DAY, 1, ts), TIMESTAMPDIFF(MINUTE, date_trunc('MINUTE', a),"
                + " date_trunc('MINUTE', b)), ts - INTERVAL '14' DAY FROM t");
  }

  @Test
  void isoWeekFormatIsComputedNotPatterned() throws Exception {
    assertThat(spark("select to_char(ts, 'IYYY-IW') from t"))
        .isEqualTo(
            "SELECT concat(lpad(CAST(YEAR(date_add(CAST(ts AS DATE), 3 - weekday(ts))) AS STRING), 4,"
                + " '0'), '-', lpad(CAST(weekofyear(ts) AS STRING), 2, '0')) FROM t");
  }

  @Test
  void ordersNullsAsRedshiftDoes() throws Exception {
    assertThat(spark("select a from t order by a, b desc"))
        .isEqualTo("SELECT a FROM t ORDER BY a NULLS LAST, b DESC NULLS FIRST");
  }

  @Test
  void stringsAndCommentsAreNotRewritten() throws Exception {
    assertThat(spark("select 'a::int', x -- dateadd('day', 1, y)::int\nfrom t"))
        .isEqualTo("SELECT 'a::int', x FROM t");
  }

  @Test
  void unsupportedConstructsNameThemselvesAndTheirPosition() {
    assertThatThrownBy(() -> translator.toSpark("select a,\n  nosuch(b) from t"))
        .isInstanceOfSatisfying(
            SqlTranslationException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("function NOSUCH has no Spark translation");
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(3);
            });
    assertThatThrownBy(() -> translator.toSpark("select a from t qualify row_number() over () = 1"))
        .hasMessageContaining("QUALIFY is not supported by Spark");
    assertThatThrownBy(() -> translator.toSpark("select to_char(ts, 'IYY') from t"))
        .hasMessageContaining("format token 'IYY'");
    assertThatThrownBy(() -> translator.toSpark("select date_part(century, ts) from t"))
        .hasMessageContaining("date part 'century'");
    assertThatThrownBy(() -> translator.toSpark("select trunc(ts) from t"))
        .hasMessageContaining("TRUNC(x) with one argument");
    assertThatThrownBy(() -> translator.toSpark("select a, from t"))
        .isInstanceOfSatisfying(
            SqlTranslationException.class,
            e -> {
              assertThat(e.getMessage()).startsWith("does not parse as Redshift SQL");
              assertThat(e.column()).isEqualTo(9);
            });
  }

  @Test
  void translatedFunctionsAreNotCheckedAgainstSpark() throws Exception {
    assertThat(spark("select getdate(), len(a) from t"))
        .isEqualTo("SELECT date_trunc('SECOND', CURRENT_TIMESTAMP()), length(a) FROM t");
  }
}
