package io.sluice.engine.spark;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.QueryPlan;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.ExecutableDuringAnalysis;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Enforces that a statement only reads: it is parsed by Spark's parser and refused when any node of
 * its plan (subqueries and common table expressions included) is a command or a statement (INSERT,
 * MERGE, DELETE, UPDATE, CREATE, DROP, ALTER, SET, CACHE, ADD JAR, ...), or calls a function that
 * reaches into the JVM or the file system ({@code reflect}, {@code java_method}). Not a prefix
 * check: {@code WITH x AS (...) INSERT ...} and {@code SELECT 1; DROP ...} are refused.
 */
final class ReadOnlySql {
  private static final Set<String> REFUSED_FUNCTIONS =
      Set.of("reflect", "java_method", "try_reflect", "input_file_name", "read_files");

  private ReadOnlySql() {}

  /**
   * The parsed plan of {@code sql} when it only reads.
   *
   * @throws SluiceException E107 when it does not parse, E115 when it would write or change state
   */
  static LogicalPlan check(String sql) {
    LogicalPlan plan;
    try {
      plan = CatalystSqlParser$.MODULE$.parsePlan(sql);
    } catch (Exception e) { // Scala's ParseException is not declared
      if (!(e instanceof ParseException)) {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      throw new SluiceException(
          ErrorCode.SQL_SYNTAX, "The query does not parse: " + firstLine(e.getMessage()));
    }
    walk(plan);
    return plan;
  }

  private static void walk(QueryPlan<?> plan) {
    if (plan instanceof Command
        || plan instanceof ParsedStatement
        || plan instanceof ExecutableDuringAnalysis) { // CALL runs a procedure
      throw refused(
          "it is a "
              + plan.nodeName()
              + " statement; the lake is read-only here: write with a pipeline's datasets");
    }
    for (Expression expression : CollectionConverters.asJava(plan.expressions())) {
      walk(expression);
    }
    for (QueryPlan<?> child : children(plan)) {
      walk(child);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<QueryPlan<?>> children(QueryPlan<?> plan) {
    List<QueryPlan<?>> all = new java.util.ArrayList<>();
    all.addAll((List<QueryPlan<?>>) (List<?>) CollectionConverters.asJava(plan.children()));
    all.addAll((List<QueryPlan<?>>) (List<?>) CollectionConverters.asJava(plan.innerChildren()));
    return all;
  }

  private static void walk(Expression expression) {
    if (expression instanceof UnresolvedFunction function) {
      List<String> parts = CollectionConverters.asJava(function.nameParts());
      String name = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
      if (REFUSED_FUNCTIONS.contains(name)) {
        throw refused("it calls " + name + "(), which reaches outside the lake's tables");
      }
    }
    if (expression instanceof SubqueryExpression subquery) {
      walk(subquery.plan());
    }
    for (Expression child : CollectionConverters.asJava(expression.children())) {
      walk(child);
    }
  }

  private static SluiceException refused(String why) {
    return new SluiceException(ErrorCode.READ_ONLY, "Cannot run this statement: " + why);
  }

  /** The first line of an analyzer's message (Spark appends the plan below it). */
  static String firstLine(String message) {
    String text = message == null ? "" : message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
