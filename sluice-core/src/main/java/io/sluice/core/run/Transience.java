package io.sluice.core.run;

import java.sql.SQLException;

/**
 * Tells a transient failure (worth a retry) from one that would fail again: a refused or dropped
 * connection, a timeout, a SQL connection or serialisation error, Kafka's retriable errors are
 * transient; a validation, SQL analysis or data error is not.
 */
public final class Transience {
  private Transience() {}

  public static boolean isTransient(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String type = t.getClass().getName();
      if (type.equals("org.apache.spark.sql.AnalysisException")
          || type.endsWith("ParseException")) {
        return false;
      }
      if (t instanceof java.net.ConnectException
          || t instanceof java.net.SocketTimeoutException
          || t instanceof java.net.SocketException
          || t instanceof java.net.UnknownHostException
          || t instanceof java.net.http.HttpTimeoutException
          || t instanceof java.util.concurrent.TimeoutException
          || t instanceof java.sql.SQLTransientException
          || t instanceof java.sql.SQLRecoverableException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        if (state.startsWith("08") || state.equals("40001") || state.equals("53300")) {
          return true; // connection errors, serialisation failures, too many connections
        }
      }
      for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
        if (c.getName().equals("org.apache.kafka.common.errors.RetriableException")) {
          return true;
        }
      }
    }
    return false;
  }
}
