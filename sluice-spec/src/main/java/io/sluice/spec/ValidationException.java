package io.sluice.spec;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.List;
import java.util.stream.Collectors;

/** A pipeline file that has problems; carries all of them. */
public final class ValidationException extends SluiceException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // records are immutable and never serialized across JVMs here
  private final List<Problem> problems;

  public ValidationException(List<Problem> problems) {
    super(
        problems.isEmpty() ? ErrorCode.INVALID_VALUE : problems.get(0).code(),
        problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
