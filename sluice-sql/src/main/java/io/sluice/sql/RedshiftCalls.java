package io.sluice.sql;

import static io.sluice.sql.SqlBuild.POS;
import static io.sluice.sql.SqlBuild.arity;
import static io.sluice.sql.SqlBuild.castTo;
import static io.sluice.sql.SqlBuild.error;
import static io.sluice.sql.SqlBuild.fn;
import static io.sluice.sql.SqlBuild.name;
import static io.sluice.sql.SqlBuild.text;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Redshift calls rewritten as Spark calls, one at a time and bottom-up: conditional functions,
 * strings, numbers, casts, window functions; dates in {@link RedshiftDates}, JSON and SUPER in
 * {@link RedshiftJson}, regular expressions in {@link RedshiftRegex}.
 */
final class RedshiftCalls {
  /** The suffix the lexicon gives a function written with IGNORE NULLS. */
  static final String IGNORE_NULLS = "__SLUICE_IGNORE_NULLS";

  /** The suffix the lexicon gives a function written with RESPECT NULLS (Spark's default). */
  static final String RESPECT_NULLS = "__SLUICE_RESPECT_NULLS";

  /** A construct the lexicon found and no translation exists for; its argument says which. */
  static final String UNSUPPORTED = "SLUICE_UNSUPPORTED";

  private RedshiftCalls() {}

  static SqlNode rewrite(SqlCall call) throws SqlTranslationException {
    String name = name(call);
    List<SqlNode> args = call.getOperandList();
    switch (call.getKind()) {
      case TIMESTAMP_ADD:
        return RedshiftDates.dateAdd(args);
      case TIMESTAMP_DIFF:
        return RedshiftDates.dateDiff(args);
      case EXTRACT:
        return RedshiftDates.extract(args.get(0), args.get(1));
      case CAST:
        return RedshiftCasts.cast(args.get(0), (SqlDataTypeSpec) args.get(1));
      case OVER:
        return over(call);
      case PLUS:
      case MINUS:
        return RedshiftDates.intervalArithmetic(call).orElse(call);
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case GREATER_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN_OR_EQUAL:
        return dateComparison(call);
      default:
        break;
    }
    if (name.endsWith(IGNORE_NULLS)) {
      return SqlStdOperatorTable.IGNORE_NULLS.createCall(
          POS, fn(base(name, IGNORE_NULLS), args.toArray(SqlNode[]::new)));
    }
    if (name.endsWith(RESPECT_NULLS)) {
      return fn(base(name, RESPECT_NULLS), args.toArray(SqlNode[]::new));
    }
    Optional<SqlNode> json = RedshiftJson.rewrite(call, name, args);
    if (json.isPresent()) {
      return json.get();
    }
    Optional<SqlNode> regex = RedshiftRegex.rewrite(call, name, args);
    if (regex.isPresent()) {
      return regex.get();
    }
    return switch (name) {
      case UNSUPPORTED ->
          throw error(
              call, SqlBuild.literal(args.get(0), "construct") + " has no Spark translation");
      case "CONVERT_TIMEZONE" -> RedshiftDates.convertTimezone(call, args);
      case "GETDATE" -> fn("date_trunc", text("SECOND"), fn("current_timestamp"));
      case "ADD_MONTHS" -> RedshiftDates.addMonths(call, args);
      case "NEXT_DAY", "LAST_DAY" -> {
        List<SqlNode> operands = new java.util.ArrayList<>(args);
        operands.set(0, RedshiftDates.moment(args.get(0)));
        yield fn(name.toLowerCase(Locale.ROOT), operands.toArray(SqlNode[]::new));
      }
      case "MONTHS_BETWEEN" -> RedshiftDates.monthsBetween(call, args);
      case "NVL", "ISNULL" -> {
        arity(call, 2, Integer.MAX_VALUE);
        yield fn("coalesce", args.toArray(SqlNode[]::new));
      }
      case "NVL2" -> {
        arity(call, 3, 3);
        yield fn("nvl2", args.toArray(SqlNode[]::new));
      }
      case "DECODE" -> {
        arity(call, 3, Integer.MAX_VALUE);
        yield fn("decode", args.toArray(SqlNode[]::new));
      }
      case "DATE_TRUNC" -> {
        arity(call, 2, 2);
        yield fn(
            "date_trunc", RedshiftDates.truncUnit(args.get(0)), RedshiftDates.moment(args.get(1)));
      }
      case "TO_CHAR" -> RedshiftDates.toChar(call, args);
      case "TO_DATE", "TO_TIMESTAMP" -> RedshiftDates.parse(call, name, args);
      case "LEN", "TEXTLEN" -> fn("length", args.toArray(SqlNode[]::new));
      case "CHARINDEX" -> {
        arity(call, 2, 2);
        yield fn("locate", args.get(0), args.get(1));
      }
      case "STRPOS" -> {
        arity(call, 2, 2);
        yield fn("locate", args.get(1), args.get(0));
      }
      case "BTRIM" -> fn("btrim", args.toArray(SqlNode[]::new));
      case "LISTAGG" -> {
        arity(call, 1, 2);
        // Spark's listagg takes strings (Redshift's any value, as text)
        List<SqlNode> operands = new java.util.ArrayList<>(args);
        operands.set(0, castTo(args.get(0), "STRING"));
        yield call.getOperator()
            .createCall(call.getFunctionQuantifier(), POS, operands.toArray(SqlNode[]::new));
      }
      case "LTRIM", "RTRIM" -> trim(call, name, args);
      case "STRTOL" -> strtol(call, args);
      case "TO_HEX" -> {
        arity(call, 1, 1);
        yield fn("lower", fn("hex", args.get(0)));
      }
      case "FROM_HEX" -> {
        arity(call, 1, 1);
        yield fn("unhex", args.get(0));
      }
      case "TRUNC" -> {
        if (args.size() == 1) {
          throw error(
              call,
              "TRUNC(x) with one argument is ambiguous in Spark: write CAST(x AS DATE) for a"
                  + " timestamp or FLOOR(x) for a number");
        }
        yield call;
      }
      default -> call;
    };
  }

  /**
   * A comparison with a string literal that Redshift would read as a date ('12-31-2008'): against a
   * date or time stamp, the literal's ISO spelling, which Spark reads; against text, the literal as
   * written. Spark tells which ({@code typeof} is the same for every row).
   */
  private static SqlNode dateComparison(SqlCall call) {
    for (int side = 0; side < 2; side++) {
      SqlNode literal = call.operand(side);
      SqlNode other = call.operand(1 - side);
      if (!(literal instanceof org.apache.calcite.sql.SqlCharStringLiteral text)
          || other instanceof org.apache.calcite.sql.SqlLiteral) {
        continue;
      }
      Optional<String> iso = RedshiftDateLiterals.iso(text.getValueAs(String.class), false);
      if (iso.isPresent()) {
        SqlNode datelike =
            SqlStdOperatorTable.IN.createCall(
                POS,
                fn("typeof", other),
                new org.apache.calcite.sql.SqlNodeList(
                    List.of(text("date"), text("timestamp"), text("timestamp_ntz")), POS));
        call.setOperand(side, SqlBuild.when(datelike, text(iso.get()), literal));
      }
    }
    return call;
  }

  private static String base(String name, String suffix) {
    return name.substring(0, name.length() - suffix.length()).toLowerCase(Locale.ROOT);
  }

  /**
   * LTRIM/RTRIM with a set of characters: Spark's two-argument forms take the set first (and are
   * deprecated), so the standard TRIM(LEADING set FROM s) is written.
   */
  private static SqlNode trim(SqlCall call, String name, List<SqlNode> args)
      throws SqlTranslationException {
    arity(call, 1, 2);
    if (args.size() == 1) {
      return fn(name.toLowerCase(Locale.ROOT), args.get(0));
    }
    return (name.equals("LTRIM") ? TRIM_LEADING : TRIM_TRAILING)
        .createCall(POS, args.get(1), args.get(0));
  }

  /** {@code TRIM(LEADING set FROM s)} as written (Calcite's Spark dialect would use a regex). */
  private static final SqlSpecialOperator TRIM_LEADING = trim("LEADING");

  private static final SqlSpecialOperator TRIM_TRAILING = trim("TRAILING");

  private static SqlSpecialOperator trim(String side) {
    return new SqlSpecialOperator("TRIM_" + side, org.apache.calcite.sql.SqlKind.OTHER, 100) {
      @Override
      public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        writer.print("TRIM(" + side + " ");
        call.operand(0).unparse(writer, 0, 0);
        writer.keyword("FROM");
        call.operand(1).unparse(writer, 0, 0);
        writer.print(")");
        writer.setNeedWhitespace(true);
      }
    };
  }

  /**
   * STRTOL(s, base): a signed integer; Spark's conv reads no sign (it wraps negatives) and no
   * {@code 0x} prefix, both of which Redshift takes.
   */
  private static SqlNode strtol(SqlCall call, List<SqlNode> args) throws SqlTranslationException {
    arity(call, 2, 2);
    SqlNode digits =
        fn(
            "regexp_replace",
            fn("trim", args.get(0)),
            text("^[-+]?(0[xX](?=[0-9a-fA-F]))?"),
            text(""));
    SqlNode magnitude =
        castTo(fn("conv", digits, args.get(1), SqlBuild.number(10)), "DECIMAL(20, 0)");
    SqlNode negative =
        SqlStdOperatorTable.LIKE.createCall(POS, fn("trim", args.get(0)), text("-%"));
    return castTo(
        SqlBuild.when(
            negative, SqlStdOperatorTable.UNARY_MINUS.createCall(POS, magnitude), magnitude),
        "BIGINT");
  }

  /** RATIO_TO_REPORT(x) OVER (w): x / SUM(x) OVER (w). */
  private static SqlNode over(SqlCall over) {
    if (over.operand(0) instanceof SqlCall function
        && name(function).equals("RATIO_TO_REPORT")
        && function.operandCount() == 1) {
      SqlNode value = function.operand(0);
      return SqlBuild.divide(
          value,
          SqlStdOperatorTable.OVER.createCall(
              POS, SqlStdOperatorTable.SUM.createCall(POS, value), over.operand(1)));
    }
    return over;
  }
}
