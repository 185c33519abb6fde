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
                + " date_trunc('MINUTE', b)), CAST(ts AS TIMESTAMP) - INTERVAL '14' DAY FROM t");
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
    assertThatThrownBy(() -> translator.toSpark("select to_char(ts, 'IYY') from t"))
        .hasMessageContaining("format token 'IYY'");
    assertThatThrownBy(() -> translator.toSpark("select date_part(isoyear, ts) from t"))
        .hasMessageContaining("unknown date part 'ISOYEAR'");
    assertThatThrownBy(() -> translator.toSpark("select convert_timezone('GMT+2', ts) from t"))
        .hasMessageContaining("POSIX-style zone 'GMT+2'");
    assertThatThrownBy(() -> translator.toSpark("select a from t, unpivot t.obj as v at k"))
        .isInstanceOfSatisfying(
            SqlTranslationException.class,
            e -> {
              assertThat(e.getMessage()).startsWith("UNPIVOT of a SUPER object");
              assertThat(e.column()).isEqualTo(18);
            });
    assertThatThrownBy(() -> translator.toSpark("select ts + interval '1 month 2 days' from t"))
        .hasMessageContaining("months and days in one interval");
    assertThatThrownBy(
            () -> translator.toSpark("select x from a, b where a.id = b.id(+) or a.z = 1"))
        .hasMessageContaining("(+) cannot be used in an operand of OR");
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
  void limitWithoutOrderByStaysALimit() throws Exception {
    assertThat(spark("select a from t limit 5")).isEqualTo("SELECT a FROM t LIMIT 5");
  }

  @Test
  void redshiftDateLiteralFormsBecomeIso() throws Exception {
    assertThat(spark("select date '20220502', timestamp 'Jun 1,2008 09:59:59'"))
        .isEqualTo("SELECT DATE '2022-05-02', TIMESTAMP '2008-06-01 09:59:59'");
    assertThat(spark("select date_add('day', 3, d), date_diff(day, a, b) from t"))
        .isEqualTo(
            "SELECT TIMESTAMPADD(DAY, 3, d), TIMESTAMPDIFF(DAY, date_trunc('DAY', a),"
                + " date_trunc('DAY', b)) FROM t");
  }

  @Test
  void clausesSparkWritesOtherwise() throws Exception {
    assertThat(spark("select top 2 a from t order by a"))
        .isEqualTo("SELECT a FROM t ORDER BY a NULLS LAST LIMIT 2");
    assertThat(spark("select a, row_number() over (order by b) as rn from t qualify rn = 1"))
        .isEqualTo(
            "SELECT * EXCEPT (__sluice_qualify) FROM (SELECT a, ROW_NUMBER() OVER (ORDER BY b"
                + " NULLS LAST) rn, (ROW_NUMBER() OVER (ORDER BY b NULLS LAST)) = 1"
                + " __sluice_qualify FROM t) __sluice_q WHERE __sluice_qualify");
    assertThat(spark("select a.x, b.y from a, b where a.id = b.id(+) and a.z > 1"))
        .isEqualTo("SELECT a.x, b.y FROM a LEFT JOIN b ON a.id = b.id WHERE a.z > 1");
    assertThat(spark("select o, i from t as c, c.arr as o at i"))
        .isEqualTo("SELECT o, i FROM t c LATERAL VIEW posexplode(c.arr ) __sluice_lv1 AS i , o");
    assertThat(
            spark(
                "select lag(x) ignore nulls over (order by i), first_value(x ignore nulls)"
                    + " over (order by i) from t"))
        .isEqualTo(
            "SELECT LAG(x) IGNORE NULLS OVER (ORDER BY i NULLS LAST), FIRST_VALUE(x) IGNORE NULLS"
                + " OVER (ORDER BY i NULLS LAST) FROM t");
    assertThat(spark("select approximate count(distinct a) from #stage"))
        .isEqualTo("SELECT APPROX_COUNT_DISTINCT(a) FROM stage");
  }

  @Test
  void integerArithmeticKeepsRedshiftsTypes() throws Exception {
    assertThat(spark("select a / b from t"))
        .isEqualTo(
            "SELECT CASE WHEN TYPEOF(a) IN ('tinyint', 'smallint', 'int', 'bigint') AND TYPEOF(b)"
                + " IN ('tinyint', 'smallint', 'int', 'bigint') THEN div(a, b) ELSE a / b END FROM t");
    assertThat(spark("select avg(q) from t"))
        .startsWith("SELECT CASE WHEN TYPEOF(SUM(q)) = 'bigint' THEN CAST(AVG(q) AS BIGINT)");
  }

  @Test
  void aTranslationSparkCannotParseIsReportedAsATranslatorBug() {
    RedshiftTranslator strict =
        new RedshiftTranslator(
            name -> true,
            sql ->
                sql.contains("LIMIT")
                    ? java.util.Optional.of(
                        new RedshiftTranslator.SparkParseError(3, 1, "no viable alternative"))
                    : java.util.Optional.empty());
    assertThatThrownBy(() -> strict.toSpark("select a from t limit 5"))
        .hasMessageContaining("a bug in Sluice's Redshift translator")
        .hasMessageContaining("near 'LIMIT 5': no viable alternative")
        .hasMessageContaining("write this query in Spark SQL");
  }

  @Test
  void translatedFunctionsAreNotCheckedAgainstSpark() throws Exception {
    assertThat(spark("select getdate(), len(a) from t"))
        .isEqualTo("SELECT date_trunc('SECOND', CURRENT_TIMESTAMP()), length(a) FROM t");
  }
}
