package io.sluice.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.dialect.SparkSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Translates a Redshift query into Spark SQL: {@link RedshiftLexicon} rewrites the spellings
 * Calcite's Babel parser does not read, the parser reads the query into a syntax tree, calls are
 * rewritten bottom-up into Spark's ({@link RedshiftCalls}), clauses into Spark's forms ({@link
 * RedshiftClauses}), and the tree is written back out in Spark's dialect. Nothing is done with
 * regular expressions over the text.
 *
 * <p>A construct with no Spark translation, and a function that neither this translation nor Spark
 * has, is refused with its position. With Spark's parser given, every translation is parsed by it
 * before it is returned: SQL Spark cannot read is a bug of this translator, reported as one with
 * the construct it produced, never handed on.
 */
public final class RedshiftTranslator {
  private static final SqlParser.Config PARSER =
      SqlParser.config()
          .withParserFactory(SqlBabelParserImpl.FACTORY)
          .withConformance(SqlConformanceEnum.BABEL)
          .withQuoting(Quoting.DOUBLE_QUOTE)
          .withUnquotedCasing(Casing.UNCHANGED)
          .withQuotedCasing(Casing.UNCHANGED)
          .withCaseSensitive(false);

  /** Spark's answer to parsing SQL: empty when it parses, else where and why not. */
  public record SparkParseError(int line, int column, String message) {}

  private final Predicate<String> sparkFunction;
  private final Function<String, Optional<SparkParseError>> sparkParser;

  /**
   * @param sparkFunction whether Spark has a built-in function of this (lower-case) name; a call to
   *     any other function that is not translated here is refused.
   * @param sparkParser Spark's parser, which every translation must pass
   */
  public RedshiftTranslator(
      Predicate<String> sparkFunction, Function<String, Optional<SparkParseError>> sparkParser) {
    this.sparkFunction = sparkFunction;
    this.sparkParser = sparkParser;
  }

  /** Without Spark's parser: for tests of the translation alone, where Spark is not at hand. */
  public RedshiftTranslator(Predicate<String> sparkFunction) {
    this(sparkFunction, sql -> Optional.empty());
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
    String sql =
        spark
            .toSqlString(
                config ->
                    config
                        .withDialect(SparkSqlDialect.DEFAULT)
                        .withQuoteAllIdentifiers(false)
                        .withAlwaysUseParentheses(false)
                        .withSelectListItemsOnSeparateLines(false)
                        .withIndentation(2))
            .getSql();
    Optional<SparkParseError> refused = sparkParser.apply(sql);
    if (refused.isPresent()) {
      throw translatorBug(sql, refused.get());
    }
    return sql;
  }

  /** A translation Spark's parser refused: the construct it produced, and Spark's reason. */
  private static SqlTranslationException translatorBug(String sql, SparkParseError error) {
    String[] lines = sql.split("\n", -1);
    String line = lines[Math.min(Math.max(error.line(), 1), lines.length) - 1];
    int at = Math.min(Math.max(error.column() - 1, 0), line.length());
    String near = line.substring(Math.max(0, at - 30), Math.min(line.length(), at + 30)).strip();
    return new SqlTranslationException(
        1,
        1,
        "the Spark SQL translated from this query does not parse (a bug in Sluice's Redshift"
            + " translator; please report it with the query): near '"
            + near
            + "': "
            + error.message().replaceAll("[.\\s]+$", "")
            + ". Until it is fixed, write this query in Spark SQL (dialect: spark)");
  }

  /** Refuses calls to functions that Spark does not have, and markers left unread. */
  private void checkFunctions(SqlNode tree) throws SqlTranslationException {
    List<SqlCall> unknown = new ArrayList<>();
    tree.accept(
        new SqlShuttle() {
          @Override
          public SqlNode visit(SqlCall call) {
            if (call.getOperator() instanceof SqlUnresolvedFunction function
                && !(function instanceof SqlBuild.SparkFunction)
                && !sparkFunction.test(function.getName().toLowerCase(Locale.ROOT))) {
              unknown.add(call);
            }
            return super.visit(call);
          }
        });
    if (!unknown.isEmpty()) {
      SqlCall first = unknown.get(0);
      String name = first.getOperator().getName().toUpperCase(Locale.ROOT);
      throw SqlBuild.error(
          first,
          name.equals(RedshiftLexicon.OUTER_MARKER)
              ? "(+) can only mark columns in WHERE conditions"
              : "function " + name + " has no Spark translation");
    }
  }

  /** Rewrites Redshift calls bottom-up; remembers the first construct it cannot translate. */
  private static final class Rewriter extends SqlShuttle {
    private final RedshiftClauses clauses = new RedshiftClauses();
    private final RedshiftArithmetic arithmetic = new RedshiftArithmetic();
    SqlTranslationException failure;

    @Override
    public SqlNode visit(org.apache.calcite.sql.SqlLiteral literal) {
      // Spark has no time-of-day type: TIME values are 'HH:MM:SS' strings, which compare alike
      if (literal instanceof org.apache.calcite.sql.SqlUnknownLiteral unknown
          && unknown.tag.equalsIgnoreCase("TIME")) {
        return SqlBuild.text(unknown.getValue());
      }
      return literal;
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
      if (id.isSimple() && id.getSimple().equalsIgnoreCase("sysdate")) {
        return SqlBuild.fn("current_timestamp");
      }
      return id;
    }

    @Override
    public SqlNode visit(SqlCall call) {
      SqlNode visited = super.visit(call);
      if (!(visited instanceof SqlCall rewritten) || failure != null) {
        return visited;
      }
      try {
        if (rewritten instanceof SqlSelect select) {
          return clauses.select(select);
        }
        if (rewritten instanceof SqlOrderBy orderBy) {
          return clauses.orderBy(orderBy);
        }
        if (SqlBuild.name(rewritten).equals("AVG")) {
          return arithmetic.average(rewritten);
        }
        switch (rewritten.getKind()) {
          case DIVIDE:
            return RedshiftArithmetic.divide(rewritten);
          case OVER:
            SqlNode windowed = arithmetic.over(rewritten);
            if (windowed != rewritten) {
              return windowed;
            }
            break;
          default:
            break;
        }
        return RedshiftCalls.rewrite((SqlCall) RedshiftClauses.ordering(rewritten));
      } catch (SqlTranslationException e) {
        failure = e;
        return rewritten;
      }
    }
  }
}
