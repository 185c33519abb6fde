package io.sluice.engine.spark;

import io.sluice.core.run.StepContext;
import io.sluice.core.store.CheckRecord;
import io.sluice.spec.ReconcileSpec;
import io.sluice.spi.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Compares a step's output with another table (a sink's target read back, another dataset), records
 * the check, notes the numbers, and on a mismatch alerts and fails the step (or warns, as the spec
 * says).
 */
final class Reconciler {
  /** What a reconciliation found: rows warned about, the failed check, and the step's error. */
  record Reconciled(long warned, Map<String, Long> failedByCheck, Optional<String> error) {
    static final Reconciled NONE = new Reconciled(0, Map.of(), Optional.empty());
  }

  private final StepContext context;

  Reconciler(StepContext context) {
    this.context = context;
  }

  Reconciled reconcile(
      String step,
      String kind,
      Dataset<Row> mine,
      Dataset<Row> other,
      String between,
      String otherName,
      ReconcileSpec spec) {
    List<Reconciliation.Measure> measures = Reconciliation.compare(mine, other, spec);
    long differing = measures.stream().filter(m -> !m.matches()).count();
    String summary =
        String.join("; ", measures.stream().map(Reconciliation.Measure::toString).toList());
    context.check(
        new CheckRecord(
            context.runId(),
            step,
            "reconcile",
            spec.fail() ? "fail" : "warn",
            differing,
            "with " + otherName + ": " + summary));
    if (differing == 0) {
      context.note(step, "reconciled with " + otherName + ": " + summary);
      return Reconciled.NONE;
    }
    String text =
        "Reconciliation of "
            + kind
            + " '"
            + step
            + "' failed (pipeline "
            + context.plan().spec().name()
            + ", run "
            + context.runId()
            + ", "
            + between
            + "): "
            + summary;
    context.alert(step, "reconciliation", text);
    if (spec.fail()) {
      return new Reconciled(
          0,
          Map.of("reconcile", differing),
          Optional.of("error[" + ErrorCode.INVALID_VALUE.code() + "]: " + text));
    }
    context.note(step, "warning: " + text);
    return new Reconciled(differing, Map.of("reconcile", differing), Optional.empty());
  }
}
