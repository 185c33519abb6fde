package io.sluice.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.dialect.SparkSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Translates a Redshift query into Spark SQL: Calcite's Babel parser reads it into a syntax tree,
 * Redshift functions and casts are rewritten into their Spark equivalents, and the tree is written
 * back out in Spark's dialect. Nothing is done with regular expressions over the text.
 *
 * <p>Translated: CONVERT_TIMEZONE, DATEADD / DATEDIFF (Redshift counts crossed boundaries, as
 * {@code DATEDIFF(day, '23:59', '00:01') = 1}), DATE_PART / EXTRACT (dow, doy, epoch ...),
 * DATE_TRUNC, GETDATE / SYSDATE, NVL / NVL2, DECODE, TO_CHAR / TO_DATE / TO_TIMESTAMP with Redshift
 * formats (including IYYY-IW), LEN / CHARINDEX / STRPOS / BTRIM, {@code ::} casts with Redshift
 * type names, JSON_SERIALIZE of a SUPER (struct) value, ILIKE, LISTAGG ... WITHIN GROUP, window
 * functions, {@code INTERVAL '7 days'}. A function that neither this class translates nor Spark
 * provides is refused with its position.
 */
public final class RedshiftTranslator {
  private static final SqlParserPos POS = SqlParserPos.ZERO;

  private static final SqlParser.Config PARSER =
      SqlParser.config()
          .withParserFactory(SqlBabelParserImpl.FACTORY)
          .withConformance(SqlConformanceEnum.BABEL)
          .withQuoting(Quoting.DOUBLE_QUOTE)
          .withUnquotedCasing(Casing.UNCHANGED)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(false);

  /** Postgres/Redshift time zone abbreviations: fixed offsets, as Redshift applies them. */
  private static final Map<String, String> ZONE_ABBREVIATIONS =
      Map.ofEntries(
          Map.entry("UTC", "UTC"),
          Map.entry("GMT", "UTC"),
          Map.entry("Z", "UTC"),
          Map.entry("KST", "+09:00"),
          Map.entry("JST", "+09:00"),
          Map.entry("HKT", "+08:00"),
          Map.entry("SGT", "+08:00"),
          Map.entry("AWST", "+08:00"),
          Map.entry("IST", "+02:00"),
          Map.entry("CET", "+01:00"),
          Map.entry("CEST", "+02:00"),
          Map.entry("EET", "+02:00"),
          Map.entry("EEST", "+03:00"),
          Map.entry("WET", "+00:00"),
          Map.entry("BST", "+01:00"),
          Map.entry("MSK", "+03:00"),
          Map.entry("AEST", "+10:00"),
          Map.entry("AEDT", "+11:00"),
          Map.entry("NZST", "+12:00"),
          Map.entry("NZDT", "+13:00"),
          Map.entry("EST", "-05:00"),
          Map.entry("EDT", "-04:00"),
          Map.entry("CST", "-06:00"),
          Map.entry("CDT", "-05:00"),
          Map.entry("MST", "-07:00"),
          Map.entry("MDT", "-06:00"),
          Map.entry("PST", "-08:00"),
          Map.entry("PDT", "-07:00"),
          Map.entry("AKST", "-09:00"),
          Map.entry("HST", "-10:00"));

  /** Redshift type names and Spark's. */
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("VARCHAR", "STRING"),
          Map.entry("CHAR", "STRING"),
          Map.entry("CHARACTER", "STRING"),
          Map.entry("NVARCHAR", "STRING"),
          Map.entry("NCHAR", "STRING"),
          Map.entry("BPCHAR", "STRING"),
          Map.entry("TEXT", "STRING"),
          Map.entry("INT2", "SMALLINT"),
          Map.entry("SMALLINT", "SMALLINT"),
          Map.entry("INT", "INT"),
          Map.entry("INT4", "INT"),
          Map.entry("INTEGER", "INT"),
          Map.entry("INT8", "BIGINT"),
          Map.entry("BIGINT", "BIGINT"),
          Map.entry("FLOAT4", "FLOAT"),
          Map.entry("REAL", "FLOAT"),
          Map.entry("FLOAT", "DOUBLE"),
          Map.entry("FLOAT8", "DOUBLE"),
          Map.entry("DOUBLE", "DOUBLE"),
          Map.entry("BOOL", "BOOLEAN"),
          Map.entry("BOOLEAN", "BOOLEAN"),
          Map.entry("DATE", "DATE"),
          Map.entry("TIMESTAMP", "TIMESTAMP"),
          Map.entry("TIMESTAMPTZ", "TIMESTAMP"),
          Map.entry("TIMESTAMP_WITH_LOCAL_TIME_ZONE", "TIMESTAMP"));

  private static final java.util.Set<String> INTEGRAL =
      java.util.Set.of("SMALLINT", "INT", "BIGINT");

  private final Predicate<String> sparkFunction;

  /**
   * @param sparkFunction whether Spark has a built-in function of this (lower-case) name; a call to
   *     any other function that is not translated here is refused.
   */
  public RedshiftTranslator(Predicate<String> sparkFunction) {
    this.sparkFunction = sparkFunction;
  }

  /** The Spark SQL for a Redshift query. */
  public String toSpark(String redshift) throws SqlTranslationException {
    SqlNode tree;
    try {
      tree = SqlParser.create(RedshiftLexicon.normalise(redshift), PARSER).parseQuery();
    } catch (SqlParseException e) {
      String message = e.getMessage() == null ? "syntax error" : e.getMessage();
      String first = message.lines().findFirst().orElse(message).trim();
      throw new SqlTranslationException(
          e.getPos() == null ? 1 : e.getPos().getLineNum(),
          e.getPos() == null ? 1 : e.getPos().getColumnNum(),
          "does not parse as Redshift SQL: " + first);
    }
    Rewriter rewriter = new Rewriter();
    SqlNode spark = tree.accept(rewriter);
    if (rewriter.failure != null) {
      throw rewriter.failure;
    }
    checkFunctions(spark);
    return spark
        .toSqlString(
            config ->
                config
                    .withDialect(SparkSqlDialect.DEFAULT)
                    .withQuoteAllIdentifiers(false)
                    .withAlwaysUseParentheses(false)
                    .withSelectListItemsOnSeparateLines(false)
                    .withIndentation(2))
        .getSql();
  }

  /** Refuses calls to functions that Spark does not have. */
  private void checkFunctions(SqlNode tree) throws SqlTranslationException {
    List<SqlCall> unknown = new ArrayList<>();
    tree.accept(
        new SqlShuttle() {
          @Override
          public SqlNode visit(SqlCall call) {
            if (call.getOperator() instanceof SqlUnresolvedFunction function
                && !(function instanceof SparkFunction)
                && !sparkFunction.test(function.getName().toLowerCase(Locale.ROOT))) {
              unknown.add(call);
            }
            return super.visit(call);
          }
        });
    if (!unknown.isEmpty()) {
      SqlCall first = unknown.get(0);
      throw new SqlTranslationException(
          first.getParserPosition().getLineNum(),
          first.getParserPosition().getColumnNum(),
          "function "
              + first.getOperator().getName().toUpperCase(Locale.ROOT)
              + " has no Spark translation");
    }
  }

  /** Rewrites Redshift calls bottom-up; remembers the first construct it cannot translate. */
  private final class Rewriter extends SqlShuttle {
    SqlTranslationException failure;

    @Override
    public SqlNode visit(SqlIdentifier id) {
      if (id.isSimple() && id.getSimple().equalsIgnoreCase("sysdate")) {
        return fn("current_timestamp");
      }
      return id;
    }

    @Override
    public SqlNode visit(SqlCall call) {
      if (call instanceof SqlSelect select && select.getQualify() != null) {
        fail(select.getQualify(), "QUALIFY is not supported by Spark: filter in an outer query");
      }
      SqlNode visited = super.visit(call);
      if (!(visited instanceof SqlCall rewritten) || failure != null) {
        return visited;
      }
      visited = nullsAsRedshift(rewritten);
      if (!(visited instanceof SqlCall)) {
        return visited;
      }
      rewritten = (SqlCall) visited;
      try {
        return rewrite(rewritten);
      } catch (SqlTranslationException e) {
        if (failure == null) {
          failure = e;
        }
        return rewritten;
      }
    }

    private void fail(SqlNode at, String message) {
      if (failure == null) {
        failure = error(at, message);
      }
    }
  }

  /**
   * Redshift sorts NULL last in ascending order and first in descending order; Spark the other way
   * round. Every ORDER BY (query, window, WITHIN GROUP) gets the null order spelled out.
   */
  private static SqlNode nullsAsRedshift(SqlCall call) {
    if (call instanceof SqlSelect select && select.getOrderList() != null) {
      select.setOrderBy(nullOrder(select.getOrderList()));
    } else if (call instanceof SqlOrderBy orderBy && orderBy.orderList != null) {
      return new SqlOrderBy(
          orderBy.getParserPosition(),
          orderBy.query,
          nullOrder(orderBy.orderList),
          orderBy.offset,
          orderBy.fetch);
    } else if (call instanceof SqlWindow window && window.getOrderList() != null) {
      window.setOrderList(nullOrder(window.getOrderList()));
    } else if (call.getKind() == SqlKind.WITHIN_GROUP
        && call.operand(1) instanceof SqlNodeList order) {
      call.setOperand(1, nullOrder(order));
    }
    return call;
  }

  private static SqlNodeList nullOrder(SqlNodeList items) {
    List<SqlNode> ordered = new ArrayList<>();
    for (SqlNode item : items) {
      if (item.getKind() == SqlKind.NULLS_FIRST || item.getKind() == SqlKind.NULLS_LAST) {
        ordered.add(item);
      } else if (item.getKind() == SqlKind.DESCENDING) {
        ordered.add(SqlStdOperatorTable.NULLS_FIRST.createCall(POS, item));
      } else {
        ordered.add(SqlStdOperatorTable.NULLS_LAST.createCall(POS, item));
      }
    }
    return new SqlNodeList(ordered, items.getParserPosition());
  }

  private SqlNode rewrite(SqlCall call) throws SqlTranslationException {
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    List<SqlNode> args = call.getOperandList();
    if (call.getKind() == SqlKind.TIMESTAMP_ADD) {
      String unit = unit(args.get(0), "DATEADD");
      return fn("timestampadd", qualifier(args.get(0), unit), args.get(1), args.get(2));
    }
    if (call.getKind() == SqlKind.TIMESTAMP_DIFF) {
      String unit = unit(args.get(0), "DATEDIFF");
      return fn(
          "timestampdiff",
          qualifier(args.get(0), unit),
          fn("date_trunc", text(unit), args.get(1)),
          fn("date_trunc", text(unit), args.get(2)));
    }
    if (call.getKind() == SqlKind.EXTRACT) {
      return extract(args.get(0), args.get(1));
    }
    if (call.getKind() == SqlKind.CAST) {
      return cast(args.get(0), (SqlDataTypeSpec) args.get(1));
    }
    return switch (name) {
      case "CONVERT_TIMEZONE" -> convertTimezone(call, args);
      case "GETDATE" -> fn("date_trunc", text("SECOND"), fn("current_timestamp"));
      case "NVL" -> fn("coalesce", args.toArray(SqlNode[]::new));
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
        yield fn("date_trunc", truncUnit(args.get(0)), args.get(1));
      }
      case "TO_CHAR" -> toChar(call, args);
      case "TO_DATE", "TO_TIMESTAMP" -> {
        arity(call, 2, 2);
        String format = literal(args.get(1), name + " format");
        try {
          yield fn(
              name.toLowerCase(Locale.ROOT),
              args.get(0),
              text(RedshiftFormats.parsePattern(format)));
        } catch (RedshiftFormats.UnsupportedToken e) {
          throw error(args.get(1), name + ": " + e.getMessage() + " has no Spark equivalent");
        }
      }
      case "LEN", "TEXTLEN" -> fn("length", args.toArray(SqlNode[]::new));
      case "JSON_SERIALIZE" -> {
        arity(call, 1, 1);
        yield fn("to_json", args.get(0));
      }
      case "CHARINDEX" -> {
        arity(call, 2, 2);
        yield fn("locate", args.get(0), args.get(1));
      }
      case "STRPOS" -> {
        arity(call, 2, 2);
        yield fn("locate", args.get(1), args.get(0));
      }
      case "BTRIM" -> fn("btrim", args.toArray(SqlNode[]::new));
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

  private SqlNode convertTimezone(SqlCall call, List<SqlNode> args) throws SqlTranslationException {
    arity(call, 2, 3);
    // Redshift answers a TIMESTAMP without time zone: the wall clock in the target zone.
    if (args.size() == 2) {
      return castTo(fn("from_utc_timestamp", args.get(1), zone(args.get(0))), "TIMESTAMP_NTZ");
    }
    return castTo(
        fn(
            "from_utc_timestamp",
            fn("to_utc_timestamp", args.get(2), zone(args.get(0))),
            zone(args.get(1))),
        "TIMESTAMP_NTZ");
  }

  /** A time zone argument: abbreviations become the fixed offsets Redshift gives them. */
  private static SqlNode zone(SqlNode zone) {
    if (zone instanceof SqlCharStringLiteral literal) {
      String name = literal.getValueAs(String.class);
      String mapped = ZONE_ABBREVIATIONS.get(name.toUpperCase(Locale.ROOT));
      return text(mapped != null ? mapped : name);
    }
    return zone;
  }

  private SqlNode extract(SqlNode part, SqlNode value) throws SqlTranslationException {
    String unit = unit(part, "DATE_PART");
    return switch (unit) {
      case "EPOCH" ->
          SqlStdOperatorTable.DIVIDE.createCall(
              POS,
              fn("unix_micros", castTo(value, "TIMESTAMP")),
              SqlLiteral.createExactNumeric("1000000.0", POS));
      case "DOW" ->
          SqlStdOperatorTable.MINUS.createCall(
              POS, fn("dayofweek", value), SqlLiteral.createExactNumeric("1", POS));
      case "DOY" -> fn("dayofyear", value);
      case "WEEK" -> fn("weekofyear", value);
      case "YEAR", "QUARTER", "MONTH", "DAY", "HOUR", "MINUTE" ->
          fn(unit.toLowerCase(Locale.ROOT), value);
      case "SECOND" -> fn("second", value);
      default ->
          throw error(
              part,
              "date part '"
                  + unit.toLowerCase(Locale.ROOT)
                  + "' of DATE_PART/EXTRACT has no Spark translation");
    };
  }

  private SqlNode toChar(SqlCall call, List<SqlNode> args) throws SqlTranslationException {
    arity(call, 2, 2);
    String format = literal(args.get(1), "TO_CHAR format");
    if (RedshiftFormats.numeric(format)) {
      return fn("to_char", args.get(0), args.get(1));
    }
    List<RedshiftFormats.Piece> pieces;
    try {
      pieces = RedshiftFormats.parse(format);
    } catch (RedshiftFormats.UnsupportedToken e) {
      throw error(args.get(1), "TO_CHAR: " + e.getMessage() + " has no Spark equivalent");
    }
    SqlNode value = args.get(0);
    List<SqlNode> parts = new ArrayList<>();
    StringBuilder pattern = new StringBuilder();
    StringBuilder plain = new StringBuilder();
    boolean letters = false;
    for (RedshiftFormats.Piece piece : pieces) {
      if (piece instanceof RedshiftFormats.Pattern p) {
        pattern.append(p.sparkPattern());
        plain.append(p.sparkPattern());
        letters = true;
      } else if (piece instanceof RedshiftFormats.Text t) {
        pattern.append(RedshiftFormats.quote(t.text()));
        plain.append(t.text());
      } else if (piece instanceof RedshiftFormats.Computed c) {
        flush(parts, value, pattern, plain, letters);
        letters = false;
        parts.add(computed(c, value));
      }
    }
    flush(parts, value, pattern, plain, letters);
    return parts.size() == 1 ? parts.get(0) : fn("concat", parts.toArray(SqlNode[]::new));
  }

  /**
   * A run of pattern letters and text: one date_format, or just the text when it has no letters.
   */
  private static void flush(
      List<SqlNode> parts,
      SqlNode value,
      StringBuilder pattern,
      StringBuilder plain,
      boolean letters) {
    if (pattern.length() > 0) {
      parts.add(
          letters ? fn("date_format", value, text(pattern.toString())) : text(plain.toString()));
    }
    pattern.setLength(0);
    plain.setLength(0);
  }

  private static SqlNode computed(RedshiftFormats.Computed c, SqlNode value) {
    SqlNode number =
        switch (c.kind()) {
          // The ISO year is the year of the week's Thursday (weekday: Monday 0 .. Sunday 6).
          case ISO_YEAR ->
              fn(
                  "year",
                  fn(
                      "date_add",
                      castTo(value, "DATE"),
                      SqlStdOperatorTable.MINUS.createCall(
                          POS, SqlLiteral.createExactNumeric("3", POS), fn("weekday", value))));
          case ISO_WEEK -> fn("weekofyear", value);
          case ISO_DAY_OF_WEEK ->
              SqlStdOperatorTable.PLUS.createCall(
                  POS, fn("weekday", value), SqlLiteral.createExactNumeric("1", POS));
          case DAY_OF_WEEK -> fn("dayofweek", value);
          case QUARTER -> fn("quarter", value);
          case WEEK_OF_YEAR ->
              SqlStdOperatorTable.PLUS.createCall(
                  POS,
                  fn(
                      "floor",
                      SqlStdOperatorTable.DIVIDE.createCall(
                          POS,
                          SqlStdOperatorTable.MINUS.createCall(
                              POS, fn("dayofyear", value), SqlLiteral.createExactNumeric("1", POS)),
                          SqlLiteral.createExactNumeric("7", POS))),
                  SqlLiteral.createExactNumeric("1", POS));
          case UPPER, LOWER, NAME -> null;
        };
    if (number != null) {
      SqlNode asText = castTo(number, "STRING");
      int pad = c.kind() == RedshiftFormats.Computed.Kind.ISO_YEAR ? 4 : c.padTo();
      return pad > 0
          ? fn("lpad", asText, SqlLiteral.createExactNumeric(String.valueOf(pad), POS), text("0"))
          : asText;
    }
    SqlNode name = fn("date_format", value, text(c.sparkPattern()));
    if (c.padTo() > 0) {
      name =
          fn(
              "rpad",
              name,
              SqlLiteral.createExactNumeric(String.valueOf(c.padTo()), POS),
              text(" "));
    }
    return switch (c.kind()) {
      case UPPER -> fn("upper", name);
      case LOWER -> fn("lower", name);
      default -> name;
    };
  }

  private SqlNode cast(SqlNode value, SqlDataTypeSpec type) throws SqlTranslationException {
    String typeName = type.getTypeName().getSimple().toUpperCase(Locale.ROOT);
    if (typeName.equals("DECIMAL") || typeName.equals("NUMERIC")) {
      return SqlStdOperatorTable.CAST.createCall(POS, value, type); // precision and scale kept
    }
    String spark = TYPES.get(typeName);
    if (spark == null) {
      throw error(type, "type " + typeName + " has no Spark equivalent");
    }
    if (INTEGRAL.contains(spark) && !(value instanceof SqlLiteral)) {
      // Redshift rounds a numeric or float cast to an integer type (10.5::int = 11); Spark
      // truncates. round() leaves integers and numeric strings as they are.
      return castTo(fn("round", value), spark);
    }
    return castTo(value, spark);
  }

  private static SqlNode castTo(SqlNode value, String sparkType) {
    SqlTypeName basic = SqlTypeName.get(sparkType);
    SqlDataTypeSpec spec =
        basic != null && !sparkType.equals("STRING")
            ? new SqlDataTypeSpec(new SqlBasicTypeNameSpec(basic, POS), POS)
            : new SqlDataTypeSpec(new SqlUserDefinedTypeNameSpec(sparkType, POS), POS);
    return SqlStdOperatorTable.CAST.createCall(POS, value, spec);
  }

  /** The Spark unit of a date part argument (an interval qualifier or an identifier). */
  private static String unit(SqlNode part, String function) throws SqlTranslationException {
    String written;
    if (part instanceof SqlIntervalQualifier qualifier) {
      written =
          qualifier.timeFrameName != null
              ? qualifier.timeFrameName
              : qualifier.timeUnitRange.startUnit.name();
    } else if (part instanceof SqlCharStringLiteral literal) {
      written = literal.getValueAs(String.class);
    } else if (part instanceof SqlIdentifier id && id.isSimple()) {
      written = id.getSimple();
    } else {
      throw error(part, function + " needs a date part such as day or 'hour'");
    }
    Optional<String> unit = RedshiftLexicon.datePart(written);
    if (unit.isEmpty()) {
      throw error(part, "unknown date part '" + written + "' in " + function);
    }
    return unit.get();
  }

  private static SqlNode qualifier(SqlNode at, String unit) throws SqlTranslationException {
    TimeUnit timeUnit;
    try {
      timeUnit = TimeUnit.valueOf(unit);
    } catch (IllegalArgumentException e) {
      throw error(at, "date part '" + unit.toLowerCase(Locale.ROOT) + "' has no Spark unit");
    }
    if (timeUnit == TimeUnit.MILLENNIUM
        || timeUnit == TimeUnit.CENTURY
        || timeUnit == TimeUnit.DECADE) {
      throw error(at, "date part '" + unit.toLowerCase(Locale.ROOT) + "' has no Spark unit");
    }
    return new SqlIntervalQualifier(timeUnit, null, POS);
  }

  /** DATE_TRUNC's unit, with Redshift's aliases spelled the way Spark knows them. */
  private static SqlNode truncUnit(SqlNode unit) throws SqlTranslationException {
    if (!(unit instanceof SqlCharStringLiteral)) {
      return unit;
    }
    return text(unit(unit, "DATE_TRUNC"));
  }

  private static String literal(SqlNode node, String what) throws SqlTranslationException {
    if (node instanceof SqlCharStringLiteral literal) {
      return literal.getValueAs(String.class);
    }
    throw error(node, what + " must be a string literal to be translated");
  }

  private static void arity(SqlCall call, int min, int max) throws SqlTranslationException {
    int n = call.operandCount();
    if (n < min || n > max) {
      throw error(
          call,
          call.getOperator().getName().toUpperCase(Locale.ROOT)
              + " takes "
              + (min == max
                  ? String.valueOf(min)
                  : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max)
              + " arguments, not "
              + n);
    }
  }

  private static SqlTranslationException error(SqlNode at, String message) {
    SqlParserPos pos = at.getParserPosition();
    return new SqlTranslationException(pos.getLineNum(), pos.getColumnNum(), message);
  }

  private static SqlNode text(String value) {
    return SqlLiteral.createCharString(value, POS);
  }

  private static SqlNode fn(String name, SqlNode... args) {
    return new SparkFunction(name).createCall(POS, args);
  }

  /** A Spark function that a translation calls (some, like timestampadd, are Spark syntax). */
  private static final class SparkFunction extends SqlUnresolvedFunction {
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
