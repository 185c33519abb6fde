package io.sluice.connector.jdbc;

import java.util.Locale;
import org.apache.spark.sql.jdbc.JdbcDialect;
import org.apache.spark.sql.jdbc.JdbcDialects;

/**
 * Spark's JDBC writer knows MySQL only by {@code jdbc:mysql:} URLs; MariaDB's driver is addressed
 * as {@code jdbc:mariadb:}. Without a dialect Spark would quote names with double quotes, which
 * MySQL and MariaDB read as strings. This dialect quotes with backticks.
 */
final class MariaDbSparkDialect extends JdbcDialect {
  private static final long serialVersionUID = 1L;
  private static boolean registered;

  /** Registers the dialect with Spark once per JVM. */
  static synchronized void register() {
    if (!registered) {
      JdbcDialects.registerDialect(new MariaDbSparkDialect());
      registered = true;
    }
  }

  @Override
  public boolean canHandle(String url) {
    return url.toLowerCase(Locale.ROOT).startsWith("jdbc:mariadb:");
  }

  @Override
  public String quoteIdentifier(String column) {
    return '`' + column.replace("`", "``") + '`';
  }
}
