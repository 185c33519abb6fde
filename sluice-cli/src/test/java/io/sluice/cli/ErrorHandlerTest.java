package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Exit codes: 2 for an error in the file or the command line, 1 for a failed run; no trace. */
class ErrorHandlerTest {
  @Command(name = "fails")
  static final class Fails implements Callable<Integer> {
    private final RuntimeException error;

    Fails(RuntimeException error) {
      this.error = error;
    }

    @Override
    public Integer call() {
      throw error;
    }
  }

  private record Outcome(int exit, String err) {}

  private static Outcome run(RuntimeException error) {
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(new Fails(error));
    line.setExecutionExceptionHandler(new ErrorHandler());
    line.setErr(new PrintWriter(err, true));
    return new Outcome(line.execute(), err.toString());
  }

  @Test
  void aRunFailureExitsOne() {
    Outcome outcome =
        run(new SluiceException(ErrorCode.RUN_FAILED, "A backfill run failed: 2024-07-02"));
    assertThat(outcome.exit()).isEqualTo(Main.RUN_FAILED);
    assertThat(outcome.err()).isEqualTo("error[E300]: A backfill run failed: 2024-07-02\n");
  }

  @Test
  void aDataErrorExitsOne() {
    assertThat(run(new SluiceException(ErrorCode.BAD_RECORD, "Cannot read record 7")).exit())
        .isEqualTo(Main.RUN_FAILED);
  }

  @Test
  void anErrorInTheFileOrTheCommandLineExitsTwo() {
    Outcome outcome =
        run(new SluiceException(ErrorCode.INVALID_VALUE, "Cannot use --poll 'x': a duration"));
    assertThat(outcome.exit()).isEqualTo(Main.USAGE);
    assertThat(outcome.err()).isEqualTo("error[E108]: Cannot use --poll 'x': a duration\n");
  }

  @Test
  void everyUsageCodeIsE1AndEveryOtherIsNot() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(code.isUsage()).as(code.name()).isEqualTo(code.code().startsWith("E1"));
    }
    assertThat(ErrorCode.RUN_FAILED.isUsage()).isFalse();
    assertThat(ErrorCode.FILE_NOT_FOUND.isUsage()).isTrue();
  }
}
