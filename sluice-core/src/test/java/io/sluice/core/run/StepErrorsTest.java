package io.sluice.core.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import org.junit.jupiter.api.Test;

class StepErrorsTest {
  @Test
  void aSparkErrorKeepsItsFirstLineAndTheSqlPositionItReports() {
    RuntimeException cast =
        new RuntimeException(
            "[CAST_INVALID_INPUT] The value 'x' of the type \"STRING\" cannot be cast to \"INT\""
                + " because it is malformed. SQLSTATE: 22018\n"
                + "== SQL (line 1, position 8) ==\n"
                + "SELECT CAST('x' AS INT) AS n\n"
                + "       ^^^^^^^^^^^^^^^^\n");
    assertThat(StepErrors.describe(new IllegalStateException("wrapped", cast)))
        .isEqualTo(StepErrors.describe(cast))
        .isEqualTo(
            "error[E300]: [CAST_INVALID_INPUT] The value 'x' of the type \"STRING\" cannot be cast"
                + " to \"INT\" because it is malformed. SQLSTATE: 22018"
                + " (at SQL line 1, position 8: CAST('x' AS INT))");
  }

  @Test
  void aMessageWithoutAPositionIsItsFirstLine() {
    assertThat(StepErrors.describe(new RuntimeException("first\nsecond")))
        .isEqualTo("error[E300]: first");
    assertThat(StepErrors.sqlPosition("no block here")).isEmpty();
  }

  @Test
  void aSluiceErrorAnywhereInTheCausesWins() {
    RuntimeException error =
        new RuntimeException(
            "outer", new SluiceException(ErrorCode.BAD_RECORD, "Cannot read a record at line 3"));
    assertThat(StepErrors.describe(error)).isEqualTo("error[E201]: Cannot read a record at line 3");
  }
}
