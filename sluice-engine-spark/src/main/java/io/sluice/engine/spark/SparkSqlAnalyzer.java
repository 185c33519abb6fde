package io.sluice.engine.spark;

import io.sluice.core.SqlAnalyzer;
import io.sluice.sql.RedshiftTranslator;
import io.sluice.sql.SqlTranslationException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Parses Spark SQL with Spark's own parser (no session, no job) and lists the tables a query reads.
 * Common table expressions are not tables and are left out.
 */
public final class SparkSqlAnalyzer implements SqlAnalyzer {
  private static final RedshiftTranslator REDSHIFT =
      new RedshiftTranslator(SparkSqlAnalyzer::builtinFunction, SparkSqlAnalyzer::sparkParseError);

  /** Spark's parser on a translation: empty when it parses, else where and why not. */
  private static Optional<RedshiftTranslator.SparkParseError> sparkParseError(String sql) {
    try {
      LogicalPlan unused = CatalystSqlParser$.MODULE$.parsePlan(sql);
      return Optional.empty();
    } catch (Exception e) { // Scala declares none; ParseException is checked in Java
      SqlSyntaxError error = notParsed(e);
      return Optional.of(
          new RedshiftTranslator.SparkParseError(error.line(), error.column(), error.getMessage()));
    }
  }

  /** Whether Spark has a built-in function of this name (no session needed). */
  public static boolean builtinFunction(String name) {
    return FunctionRegistry$.MODULE$.builtin().functionExists(new FunctionIdentifier(name));
  }

  @Override
  public String toSpark(String dialect, String sql) throws SqlSyntaxError {
    if (!dialect.equalsIgnoreCase("redshift")) {
      return SqlAnalyzer.super.toSpark(dialect, sql);
    }
    try {
      return REDSHIFT.toSpark(sql);
    } catch (SqlTranslationException e) {
      throw new SqlSyntaxError(e.line(), e.column(), e.getMessage());
    }
  }

  @Override
  public List<TableReference> references(String sql) throws SqlSyntaxError {
    LogicalPlan plan;
    try {
      plan = CatalystSqlParser$.MODULE$.parsePlan(sql);
    } catch (Exception e) { // Scala declares none; ParseException is checked in Java
      throw notParsed(e);
    }
    List<TableReference> tables = new ArrayList<>();
    collect(plan, new HashSet<>(), tables);
    return tables;
  }

  @Override
  public Optional<SqlSyntaxError> checkExpression(String expression) {
    try {
      CatalystSqlParser$.MODULE$.parseExpression(expression);
      return Optional.empty();
    } catch (Exception e) { // Scala declares none; ParseException is checked in Java
      return Optional.of(notParsed(e));
    }
  }

  /**
   * The problem with SQL the parser refused: a parse error where it is, or another error of Spark's
   * parser (a literal out of range: DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION) at the SQL's start;
   * anything else is rethrown.
   */
  private static SqlSyntaxError notParsed(Exception e) {
    if (!(e instanceof ParseException) && e instanceof org.apache.spark.SparkThrowable) {
      String message = String.valueOf(e.getMessage());
      return new SqlSyntaxError(
          1,
          1,
          message.replaceAll("\\s*SQLSTATE: \\w+", "").replaceAll("^\\[[A-Z_]+\\]\\s*", "").trim());
    }
    return syntaxError(parseError(e));
  }

  /** Scala declares no checked exceptions: rethrow anything that is not a parse error. */
  private static ParseException parseError(Exception e) {
    if (e instanceof ParseException parse) {
      return parse;
    }
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    throw new IllegalStateException("Cannot parse SQL: " + e.getMessage(), e);
  }

  private static SqlSyntaxError syntaxError(ParseException e) {
    int line = e.line().isDefined() ? (Integer) e.line().get() : 1;
    int column = e.startPosition().isDefined() ? (Integer) e.startPosition().get() + 1 : 1;
    String first =
        e.getMessage()
            .lines()
            .map(String::trim)
            .filter(text -> !text.isEmpty())
            .findFirst()
            .orElse("syntax error");
    String cleaned =
        first
            .replaceAll("\\s*SQLSTATE: \\w+", "")
            .replaceAll("\\s*\\(line \\d+, pos \\d+\\)", "")
            .replaceAll("^\\[[A-Z_]+\\]\\s*", "")
            .trim();
    return new SqlSyntaxError(line, column, cleaned);
  }

  private static void collect(LogicalPlan plan, Set<String> cteNames, List<TableReference> tables) {
    Set<String> scope = cteNames;
    if (plan instanceof UnresolvedWith with) {
      scope = new HashSet<>(cteNames);
      for (scala.Tuple3<String, ?, ?> relation : CollectionConverters.asJava(with.cteRelations())) {
        scope.add(relation._1().toLowerCase(Locale.ROOT));
      }
      for (scala.Tuple3<String, ?, ?> relation : CollectionConverters.asJava(with.cteRelations())) {
        collect((LogicalPlan) relation._2(), scope, tables);
      }
    }
    if (plan instanceof UnresolvedRelation relation) {
      List<String> parts =
          new ArrayList<>(CollectionConverters.asJava(relation.multipartIdentifier()));
      if (!(parts.size() == 1 && scope.contains(parts.get(0).toLowerCase(Locale.ROOT)))) {
        scala.Option<Object> line = relation.origin().line();
        scala.Option<Object> start = relation.origin().startPosition();
        tables.add(
            new TableReference(
                parts,
                line.isDefined() ? (Integer) line.get() : 1,
                start.isDefined() ? (Integer) start.get() + 1 : 1));
      }
    }
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      collect(child, scope, tables);
    }
    for (Expression expression : CollectionConverters.asJava(plan.expressions())) {
      collectSubqueries(expression, scope, tables);
    }
  }

  private static void collectSubqueries(
      Expression expression, Set<String> cteNames, List<TableReference> tables) {
    if (expression instanceof SubqueryExpression subquery) {
      collect(subquery.plan(), cteNames, tables);
    }
    for (Expression child : CollectionConverters.asJava(expression.children())) {
      collectSubqueries(child, cteNames, tables);
    }
  }
}
