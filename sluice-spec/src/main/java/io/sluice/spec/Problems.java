package io.sluice.spec;

import io.sluice.spec.yaml.Position;
import io.sluice.spi.ErrorCode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of a file so that all are reported at once. */
public final class Problems {
  private final List<Problem> list = new ArrayList<>();

  public void add(Problem problem) {
    list.add(problem);
  }

  public void add(Position position, ErrorCode code, String message, String hint) {
    list.add(new Problem(position, code, message, hint));
  }

  /** How many problems were found so far. */
  public int size() {
    return list.size();
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  /** The problems ordered by line and column. */
  public List<Problem> sorted() {
    return list.stream()
        .sorted(
            Comparator.comparing((Problem p) -> p.position().file())
                .thenComparingInt(p -> p.position().line())
                .thenComparingInt(p -> p.position().column()))
        .toList();
  }

  /** Throws a {@link ValidationException} if any problem was found. */
  public void throwIfAny() {
    if (!list.isEmpty()) {
      throw new ValidationException(sorted());
    }
  }
}
