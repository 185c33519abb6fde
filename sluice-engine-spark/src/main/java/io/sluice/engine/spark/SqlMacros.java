package io.sluice.engine.spark;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.parser.CatalystSqlParser$;
import scala.collection.immutable.Seq;

/**
 * SQL functions defined by a SQL expression over named parameters, registered as macros: a call is
 * replaced by the expression with the arguments in place, so it runs as native (code-generated)
 * Spark expressions rather than a UDF called per row. Spark 4's {@code CREATE TEMPORARY FUNCTION
 * ... RETURN} would do the same, but Iceberg's SQL extensions cannot parse its parameters.
 */
final class SqlMacros {
  private SqlMacros() {}

  static void register(
      SparkSession spark, String name, List<String> parameters, String body, String usage) {
    Expression template = CatalystSqlParser$.MODULE$.parseExpression(body);
    scala.Function1<Seq<Expression>, Expression> builder =
        arguments -> {
          if (arguments.size() != parameters.size()) {
            throw new IllegalArgumentException(
                String.format(
                    Locale.ROOT,
                    "%s takes %d arguments (%s), got %d",
                    name,
                    parameters.size(),
                    String.join(", ", parameters),
                    arguments.size()));
          }
          return template.transform(new Substitution(parameters, arguments));
        };
    spark
        .sessionState()
        .functionRegistry()
        .registerFunction(
            FunctionIdentifier.apply(name),
            new ExpressionInfo(
                SqlMacros.class.getName(),
                null,
                name,
                usage,
                "",
                "",
                "",
                "math_funcs",
                "",
                "",
                "sql_udf"),
            builder);
  }

  /** Replaces each parameter's name by its argument. */
  private static final class Substitution
      extends scala.runtime.AbstractPartialFunction<Expression, Expression> {
    private final List<String> parameters;
    private final Seq<Expression> arguments;

    Substitution(List<String> parameters, Seq<Expression> arguments) {
      this.parameters = parameters;
      this.arguments = arguments;
    }

    private int index(Expression expression) {
      return expression instanceof UnresolvedAttribute attribute
              && attribute.nameParts().size() == 1
          ? parameters.indexOf(attribute.name())
          : -1;
    }

    @Override
    public boolean isDefinedAt(Expression expression) {
      return index(expression) >= 0;
    }

    @Override
    public <A1 extends Expression, B1> B1 applyOrElse(
        A1 expression, scala.Function1<A1, B1> otherwise) {
      int i = index(expression);
      if (i < 0) {
        return otherwise.apply(expression);
      }
      @SuppressWarnings("unchecked")
      B1 argument = (B1) arguments.apply(i);
      return argument;
    }
  }
}
