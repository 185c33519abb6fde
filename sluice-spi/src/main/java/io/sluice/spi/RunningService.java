package io.sluice.spi;

/** A service a profile started for the run; closed when the run ends. */
public interface RunningService extends AutoCloseable {
  /** Where it listens, such as {@code http://127.0.0.1:18480}. */
  String address();

  @Override
  void close();
}
