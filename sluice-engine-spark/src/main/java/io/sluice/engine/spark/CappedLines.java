package io.sluice.engine.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.util.AccumulatorV2;

/**
 * An accumulator of up to {@code cap} strings; past the cap it keeps none and reports overflow
 * (value {@code null}). The write of a dataset adds each row it quarantines, so that the few rows
 * to quarantine reach the driver in the pass that writes the table; past the cap the engine reads
 * them again instead. Spark merges the updates of successful task attempts only.
 */
final class CappedLines extends AccumulatorV2<String, List<String>> {
  private static final long serialVersionUID = 1L;
  private final int cap;
  private ArrayList<String> lines = new ArrayList<>();
  private boolean overflow;

  CappedLines(int cap) {
    this.cap = cap;
  }

  @Override
  public boolean isZero() {
    return lines.isEmpty() && !overflow;
  }

  @Override
  public AccumulatorV2<String, List<String>> copy() {
    CappedLines copy = new CappedLines(cap);
    copy.lines = new ArrayList<>(lines);
    copy.overflow = overflow;
    return copy;
  }

  @Override
  public void reset() {
    lines = new ArrayList<>();
    overflow = false;
  }

  @Override
  public void add(String line) {
    if (line != null) {
      addAll(List.of(line), false);
    }
  }

  @Override
  public void merge(AccumulatorV2<String, List<String>> other) {
    CappedLines from = (CappedLines) other;
    addAll(from.lines, from.overflow);
  }

  private void addAll(List<String> more, boolean moreOverflowed) {
    if (overflow) {
      return;
    }
    if (moreOverflowed || lines.size() + more.size() > cap) {
      overflow = true;
      lines = new ArrayList<>();
      return;
    }
    lines.addAll(more);
  }

  /** The lines, or null when more than the cap arrived. */
  @Override
  public List<String> value() {
    return overflow ? null : List.copyOf(lines);
  }
}
