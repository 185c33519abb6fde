package io.sluice.engine.spark;

import io.sluice.core.run.StepContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/**
 * Puts what is logged on a step's thread while the step runs into that step's log in the run store:
 * warnings and errors of Spark, Iceberg, Hadoop and the connectors, and Sluice's own INFO lines.
 * Lines logged by other threads (Spark's tasks, listeners) are not attributed to a step; they stay
 * in the process's log file.
 */
final class StepLogCapture extends AbstractAppender {
  private static final ThreadLocal<Target> CURRENT = new ThreadLocal<>();
  private static final ThreadLocal<Boolean> APPENDING = new ThreadLocal<>();
  private static final int STACK_LINES = 12;
  private static boolean installed;

  private record Target(StepContext context, String step) {}

  private StepLogCapture() {
    super("sluice-step-log", null, null, true, Property.EMPTY_ARRAY);
  }

  /** Runs {@code work}, sending what this thread logs meanwhile to {@code step}'s log. */
  static <T> T around(StepContext context, String step, Supplier<T> work) {
    install();
    Target previous = CURRENT.get();
    CURRENT.set(new Target(context, step));
    try {
      return work.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  private static synchronized void install() {
    if (installed || !(LogManager.getContext(false) instanceof LoggerContext context)) {
      return;
    }
    StepLogCapture appender = new StepLogCapture();
    appender.start();
    Configuration configuration = context.getConfiguration();
    configuration.addAppender(appender);
    configuration.getRootLogger().addAppender(appender, Level.INFO, null);
    context.updateLoggers();
    installed = true;
  }

  @Override
  public void append(LogEvent event) {
    Target target = CURRENT.get();
    if (target == null
        || APPENDING.get() != null
        || (!event.getLevel().isMoreSpecificThan(Level.WARN)
            && !event.getLoggerName().startsWith("io.sluice"))) {
      return;
    }
    APPENDING.set(Boolean.TRUE);
    try {
      target.context().log(target.step(), event.getLevel().name(), text(event));
    } finally {
      APPENDING.remove();
    }
  }

  static String text(LogEvent event) {
    String logger = event.getLoggerName();
    StringBuilder text =
        new StringBuilder(logger.substring(logger.lastIndexOf('.') + 1))
            .append(": ")
            .append(event.getMessage().getFormattedMessage());
    if (event.getThrown() != null) {
      StringWriter trace = new StringWriter();
      event.getThrown().printStackTrace(new PrintWriter(trace));
      trace.toString().lines().limit(STACK_LINES).forEach(line -> text.append('\n').append(line));
    }
    return text.toString();
  }
}
