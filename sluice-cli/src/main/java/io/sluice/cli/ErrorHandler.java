package io.sluice.cli;

import io.sluice.spec.Problem;
import io.sluice.spec.ValidationException;
import io.sluice.spi.SluiceException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * User errors print their message and code, no stack trace (unless --verbose). Exit 2 for an error
 * in the file or the command line (E1xx), 1 for a data or run failure (E2xx, E3xx) and for bugs.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    boolean verbose =
        parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--verbose");
    int exit = Main.USAGE;
    if (e instanceof ValidationException validation) {
      printProblems(err, validation);
    } else if (e instanceof SluiceException sluice) {
      err.println("error[" + sluice.code().code() + "]: " + sluice.getMessage());
      exit = sluice.code().isUsage() ? Main.USAGE : Main.RUN_FAILED;
    } else if (e.getClass().getName().startsWith("org.apache.spark.sql.")
        && e.getClass().getSimpleName().endsWith("Exception")) {
      // Spark's AnalysisException and ParseException: the user's SQL, not a bug of ours.
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      err.println(
          "error["
              + io.sluice.spi.ErrorCode.SQL_SYNTAX.code()
              + "]: Cannot run the query: "
              + message.lines().filter(line -> !line.isBlank()).findFirst().orElse(message).trim());
    } else {
      err.println("error: " + e);
      e.printStackTrace(err);
      err.flush();
      return Main.RUN_FAILED;
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return exit;
  }

  static void printProblems(PrintWriter err, ValidationException validation) {
    for (Problem problem : validation.problems()) {
      err.println(problem.format());
    }
    int count = validation.problems().size();
    err.println(count + (count == 1 ? " error" : " errors") + " found");
  }
}
