package io.sluice.sql;

import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/** Builds the Spark side of a translation: calls, literals, casts, and the errors that refuse. */
final class SqlBuild {
  static final SqlParserPos POS = SqlParserPos.ZERO;

  private SqlBuild() {}

  /** A call of Spark function {@code name}. */
  static SqlNode fn(String name, SqlNode... args) {
    return new SparkFunction(name).createCall(POS, args);
  }

  static SqlNode text(String value) {
    return SqlLiteral.createCharString(value, POS);
  }

  static SqlNode number(long value) {
    return SqlLiteral.createExactNumeric(String.valueOf(value), POS);
  }

  static SqlNode number(String value) {
    return SqlLiteral.createExactNumeric(value, POS);
  }

  static SqlNode plus(SqlNode a, SqlNode b) {
    return SqlStdOperatorTable.PLUS.createCall(POS, a, b);
  }

  static SqlNode minus(SqlNode a, SqlNode b) {
    return SqlStdOperatorTable.MINUS.createCall(POS, a, b);
  }

  static SqlNode divide(SqlNode a, SqlNode b) {
    return SqlStdOperatorTable.DIVIDE.createCall(POS, a, b);
  }

  static SqlNode equal(SqlNode a, SqlNode b) {
    return SqlStdOperatorTable.EQUALS.createCall(POS, a, b);
  }

  /** {@code CASE WHEN condition THEN then ELSE otherwise END}. */
  static SqlNode when(SqlNode condition, SqlNode then, SqlNode otherwise) {
    return SqlStdOperatorTable.CASE.createCall(
        null,
        POS,
        null,
        new org.apache.calcite.sql.SqlNodeList(java.util.List.of(condition), POS),
        new org.apache.calcite.sql.SqlNodeList(java.util.List.of(then), POS),
        otherwise);
  }

  /** {@code (a, b) -> body}, a Spark lambda of two variables. */
  static SqlNode lambda(String a, String b, java.util.function.BinaryOperator<SqlNode> body) {
    SqlIdentifier first = new SqlIdentifier(a, POS);
    SqlIdentifier second = new SqlIdentifier(b, POS);
    return new org.apache.calcite.sql.SqlLambda(
        POS,
        new org.apache.calcite.sql.SqlNodeList(java.util.List.of(first, second), POS),
        body.apply(first, second));
  }

  static SqlNode castTo(SqlNode value, String sparkType) {
    SqlTypeName basic = SqlTypeName.get(sparkType);
    SqlDataTypeSpec spec =
        basic != null && !sparkType.equals("STRING")
            ? new SqlDataTypeSpec(new SqlBasicTypeNameSpec(basic, POS), POS)
            : new SqlDataTypeSpec(new SqlUserDefinedTypeNameSpec(sparkType, POS), POS);
    return SqlStdOperatorTable.CAST.createCall(POS, value, spec);
  }

  /** The upper-case name of the function {@code call} calls. */
  static String name(SqlCall call) {
    return call.getOperator().getName().toUpperCase(Locale.ROOT);
  }

  /** The text of a string literal, when {@code node} is one. */
  static Optional<String> stringValue(SqlNode node) {
    return node instanceof SqlCharStringLiteral literal
        ? Optional.of(literal.getValueAs(String.class))
        : Optional.empty();
  }

  /** The value of an integer literal (a minus sign included), when {@code node} is one. */
  static Optional<Long> integerValue(SqlNode node) {
    if (node instanceof SqlNumericLiteral literal && literal.isInteger()) {
      return Optional.of(literal.getValueAs(Long.class));
    }
    if (node instanceof SqlCall call
        && call.getKind() == org.apache.calcite.sql.SqlKind.MINUS_PREFIX
        && call.operand(0) instanceof SqlNumericLiteral literal
        && literal.isInteger()) {
      return Optional.of(-literal.getValueAs(Long.class));
    }
    return Optional.empty();
  }

  static String literal(SqlNode node, String what) throws SqlTranslationException {
    return stringValue(node)
        .orElseThrow(() -> error(node, what + " must be a string literal to be translated"));
  }

  static void arity(SqlCall call, int min, int max) throws SqlTranslationException {
    int n = call.operandCount();
    if (n < min || n > max) {
      throw error(
          call,
          name(call)
              + " takes "
              + (min == max
                  ? String.valueOf(min)
                  : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max)
              + " arguments, not "
              + n);
    }
  }

  static SqlTranslationException error(SqlNode at, String message) {
    SqlParserPos pos = at.getParserPosition();
    return new SqlTranslationException(pos.getLineNum(), pos.getColumnNum(), message);
  }

  /** A Spark function that a translation calls (some, like timestampadd, are Spark syntax). */
  static final class SparkFunction extends SqlUnresolvedFunction {
    SparkFunction(String name) {
      super(
          new SqlIdentifier(name, POS),
          null,
          null,
          null,
          null,
          SqlFunctionCategory.USER_DEFINED_FUNCTION);
    }
  }
}
