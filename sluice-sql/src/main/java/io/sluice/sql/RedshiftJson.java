package io.sluice.sql;

import static io.sluice.sql.SqlBuild.arity;
import static io.sluice.sql.SqlBuild.fn;
import static io.sluice.sql.SqlBuild.stringValue;
import static io.sluice.sql.SqlBuild.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Redshift's JSON functions and SUPER values in Spark: JSON text is read with get_json_object and
 * json_array_length; a SUPER value (JSON_PARSE) is a Spark VARIANT, serialized with to_json.
 */
final class RedshiftJson {
  private RedshiftJson() {}

  static Optional<SqlNode> rewrite(SqlCall call, String name, List<SqlNode> args)
      throws SqlTranslationException {
    return Optional.ofNullable(
        switch (name) {
          case "JSON_EXTRACT_PATH_TEXT" -> {
            arity(call, 2, Integer.MAX_VALUE);
            List<SqlNode> path = new ArrayList<>(args.subList(1, args.size()));
            if (path.size() > 1
                && path.get(path.size() - 1) instanceof SqlLiteral last
                && last.getTypeName() == org.apache.calcite.sql.type.SqlTypeName.BOOLEAN) {
              path.remove(path.size() - 1); // null_if_invalid: get_json_object gives NULL anyway
            }
            yield fn("get_json_object", args.get(0), jsonPath(path));
          }
          case "JSON_EXTRACT_ARRAY_ELEMENT_TEXT" -> {
            arity(call, 2, 3);
            yield fn(
                "get_json_object",
                args.get(0),
                SqlBuild.integerValue(args.get(1))
                    .<SqlNode>map(i -> text("$[" + i + "]"))
                    .orElseGet(
                        () ->
                            fn(
                                "concat",
                                text("$["),
                                SqlBuild.castTo(args.get(1), "STRING"),
                                text("]"))));
          }
          case "JSON_PARSE" -> {
            arity(call, 1, 1);
            yield fn("parse_json", args.get(0));
          }
          case "JSON_SERIALIZE" -> {
            arity(call, 1, 1);
            yield fn("to_json", args.get(0));
          }
          case "JSON_SIZE" -> {
            arity(call, 1, 1);
            yield fn("octet_length", fn("to_json", args.get(0)));
          }
          case "JSON_TYPEOF" -> {
            arity(call, 1, 1);
            yield typeOf(args.get(0));
          }
          case "CAN_JSON_PARSE" -> {
            arity(call, 1, 1);
            yield SqlBuild.when(
                SqlStdOperatorTable.IS_NULL.createCall(SqlBuild.POS, args.get(0)),
                SqlLiteral.createNull(SqlBuild.POS),
                SqlStdOperatorTable.IS_NOT_NULL.createCall(
                    SqlBuild.POS, fn("try_parse_json", args.get(0))));
          }
          case "IS_VALID_JSON" -> {
            arity(call, 1, 1);
            // a JSON object: Redshift answers false for a valid array
            yield SqlBuild.when(
                SqlStdOperatorTable.IS_NULL.createCall(SqlBuild.POS, args.get(0)),
                SqlLiteral.createNull(SqlBuild.POS),
                fn(
                    "coalesce",
                    SqlStdOperatorTable.LIKE.createCall(
                        SqlBuild.POS,
                        fn("schema_of_variant", fn("try_parse_json", args.get(0))),
                        text("OBJECT%")),
                    SqlLiteral.createBoolean(false, SqlBuild.POS)));
          }
          case "JSON_ARRAY_LENGTH" -> {
            arity(call, 1, 2); // null_if_invalid: Spark's gives NULL for invalid JSON anyway
            yield fn("json_array_length", args.get(0));
          }
          case "IS_VALID_JSON_ARRAY" -> {
            arity(call, 1, 1);
            yield SqlStdOperatorTable.IS_NOT_NULL.createCall(
                SqlBuild.POS, fn("json_array_length", args.get(0)));
          }
          case "SPLIT_TO_ARRAY" -> {
            arity(call, 1, 2);
            String delimiter =
                args.size() == 2 ? SqlBuild.literal(args.get(1), "SPLIT_TO_ARRAY delimiter") : ",";
            yield fn("split", args.get(0), text(sparkQuotedRegex(delimiter)));
          }
          default -> null;
        });
  }

  /** A JSON path of literal keys ($.a.b, $['a b']) or, for computed keys, one built at run time. */
  private static SqlNode jsonPath(List<SqlNode> elements) {
    StringBuilder literal = new StringBuilder("$");
    boolean constant = true;
    for (SqlNode element : elements) {
      Optional<String> key = stringValue(element);
      if (key.isEmpty()) {
        constant = false;
        break;
      }
      literal.append(
          key.get().matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + key.get() : "['" + key.get() + "']");
    }
    if (constant) {
      return text(literal.toString());
    }
    List<SqlNode> parts = new ArrayList<>();
    parts.add(text("$"));
    for (SqlNode element : elements) {
      parts.add(text("['"));
      parts.add(element);
      parts.add(text("']"));
    }
    return fn("concat", parts.toArray(SqlNode[]::new));
  }

  /**
   * JSON_TYPEOF of a SUPER (VARIANT) value: Redshift's names (array, object, string, number,
   * boolean, null) from the first word of Spark's schema_of_variant.
   */
  private static SqlNode typeOf(SqlNode value) {
    SqlNode kind =
        fn(
            "lower",
            fn(
                "regexp_extract",
                fn("schema_of_variant", value),
                text("^([A-Za-z]+)"),
                SqlBuild.number(1)));
    return SqlStdOperatorTable.CASE.createCall(
        null,
        SqlBuild.POS,
        kind,
        new org.apache.calcite.sql.SqlNodeList(
            List.of(
                text("array"),
                text("object"),
                text("string"),
                text("boolean"),
                text("void"),
                text("bigint"),
                text("double"),
                text("decimal"),
                text("float")),
            SqlBuild.POS),
        new org.apache.calcite.sql.SqlNodeList(
            List.of(
                text("array"),
                text("object"),
                text("string"),
                text("boolean"),
                text("null"),
                text("number"),
                text("number"),
                text("number"),
                text("number")),
            SqlBuild.POS),
        SqlLiteral.createNull(SqlBuild.POS));
  }

  /**
   * A literal delimiter as a Java regular expression in a Spark string literal (whose backslashes
   * Spark reads as escapes, so each is written twice).
   */
  static String sparkQuotedRegex(String delimiter) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < delimiter.length(); i++) {
      char c = delimiter.charAt(i);
      if (Character.isLetterOrDigit(c) || c == ' ') {
        regex.append(c);
      } else {
        regex.append("\\\\").append(c);
      }
    }
    return regex.toString();
  }
}
