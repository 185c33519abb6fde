package io.sluice.engine.spark;

import java.io.Serializable;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;

/**
 * Collects up to {@code cap} non-null strings into one newline-separated string, or null when more
 * than {@code cap} arrived. Used as an observed metric, it brings the few rows to quarantine to the
 * driver in the same pass that writes the table; past the cap the engine reads them again instead.
 * The strings are JSON and hold no raw newline.
 */
public final class CappedCollector extends Aggregator<String, CappedCollector.Buffer, String> {
  private static final long serialVersionUID = 1L;
  private final int cap;

  CappedCollector(int cap) {
    this.cap = cap;
  }

  /** The strings so far and whether the cap was passed. */
  public static final class Buffer implements Serializable {
    private static final long serialVersionUID = 1L;
    int count;
    boolean overflow;
    StringBuilder text = new StringBuilder();
  }

  @Override
  public Buffer zero() {
    return new Buffer();
  }

  @Override
  public Buffer reduce(Buffer buffer, String value) {
    if (value != null) {
      add(buffer, value, 1);
    }
    return buffer;
  }

  @Override
  public Buffer merge(Buffer left, Buffer right) {
    if (right.overflow) {
      left.overflow = true;
      left.text.setLength(0);
    } else if (right.count > 0) {
      add(left, right.text.toString(), right.count);
    }
    return left;
  }

  private void add(Buffer buffer, String lines, int count) {
    if (buffer.overflow) {
      return;
    }
    if (buffer.count + count > cap) {
      buffer.overflow = true;
      buffer.text.setLength(0);
      return;
    }
    if (buffer.count > 0) {
      buffer.text.append('\n');
    }
    buffer.text.append(lines);
    buffer.count += count;
  }

  @Override
  public String finish(Buffer buffer) {
    return buffer.overflow ? null : buffer.text.toString();
  }

  @Override
  public Encoder<Buffer> bufferEncoder() {
    return Encoders.javaSerialization(Buffer.class);
  }

  @Override
  public Encoder<String> outputEncoder() {
    return Encoders.STRING();
  }
}
