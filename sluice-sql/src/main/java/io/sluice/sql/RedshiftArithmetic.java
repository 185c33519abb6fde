package io.sluice.sql;

import static io.sluice.sql.SqlBuild.POS;
import static io.sluice.sql.SqlBuild.fn;
import static io.sluice.sql.SqlBuild.text;

import java.util.IdentityHashMap;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Where Redshift's arithmetic keeps its argument types and Spark's widens them: an integer divided
 * by an integer is an integer (7 / 2 = 3), the average of integers is an integer truncated toward
 * zero (AVG of 10, 10, 30 = 16) and the average of DECIMAL(p, s) values keeps scale s, truncated.
 * The translation does not know the types, so it asks Spark: {@code typeof(...)} of the arguments
 * (for an average, of their SUM, which is an aggregate where AVG is one) picks the branch, and is
 * the same for every row.
 */
final class RedshiftArithmetic {
  private static final List<String> INTEGERS = List.of("tinyint", "smallint", "int", "bigint");

  /** The averages rewritten here, with the AVG call each one came from (OVER wraps them later). */
  private final IdentityHashMap<SqlNode, SqlCall> averages = new IdentityHashMap<>();

  /** {@code a / b}: DIV when both are integers. */
  static SqlNode divide(SqlCall call) {
    SqlNode a = call.operand(0);
    SqlNode b = call.operand(1);
    SqlNode integers =
        SqlStdOperatorTable.AND.createCall(
            POS, integral(fn("typeof", a)), integral(fn("typeof", b)));
    return SqlBuild.when(integers, fn("div", a, b), call);
  }

  /** AVG(x): by the type of SUM(x), an integer, a truncated decimal or Spark's average. */
  SqlNode average(SqlCall avg) {
    SqlNode rewritten = average(avg, sumOf(avg));
    averages.put(rewritten, avg);
    return rewritten;
  }

  /** AVG(x) OVER w: the same choice, every piece over w. */
  SqlNode over(SqlCall over) {
    SqlCall avg = over.operand(0) instanceof SqlCall call ? averages.get(call) : null;
    if (avg == null) {
      return over;
    }
    SqlNode window = over.operand(1);
    return average(
        SqlStdOperatorTable.OVER.createCall(POS, avg, window),
        SqlStdOperatorTable.OVER.createCall(POS, sumOf(avg), window));
  }

  private static SqlNode average(SqlNode value, SqlNode sum) {
    SqlNode type = fn("typeof", sum);
    SqlNode scale =
        SqlBuild.castTo(
            fn(
                "substring_index",
                fn("substring_index", type, text(","), SqlBuild.number(-1)),
                text(")"),
                SqlBuild.number(1)),
            "INT");
    SqlNode power = fn("power", SqlBuild.number(10), scale);
    SqlNode truncated =
        SqlBuild.divide(
            SqlStdOperatorTable.MULTIPLY.createCall(
                POS,
                fn("sign", value),
                fn("floor", SqlStdOperatorTable.MULTIPLY.createCall(POS, fn("abs", value), power))),
            power);
    return SqlStdOperatorTable.CASE.createCall(
        null,
        POS,
        null,
        new SqlNodeList(
            List.of(
                SqlBuild.equal(type, text("bigint")),
                SqlStdOperatorTable.LIKE.createCall(POS, type, text("decimal(%"))),
            POS),
        new SqlNodeList(List.of(SqlBuild.castTo(value, "BIGINT"), truncated), POS),
        value);
  }

  /** SUM of the average's argument, DISTINCT when the average is. */
  private static SqlNode sumOf(SqlCall avg) {
    return SqlStdOperatorTable.SUM.createCall(
        avg.getFunctionQuantifier(), POS, avg.getOperandList().toArray(SqlNode[]::new));
  }

  private static SqlNode integral(SqlNode type) {
    return SqlStdOperatorTable.IN.createCall(
        POS, type, new SqlNodeList(INTEGERS.stream().map(SqlBuild::text).toList(), POS));
  }
}
