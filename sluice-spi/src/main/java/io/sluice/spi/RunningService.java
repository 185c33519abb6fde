package io.sluice.spi;

/** A service a profile started for the run; closed when the run ends. */
public interface RunningService extends AutoCloseable {
  /** Where it listens, such as {@code http://127.0.0.1:18480}. */
  String address();

  @Override
  void close();

  /** A service at {@code address} that {@code stop} stops (a no-op for one started by others). */
  static RunningService of(String address, Runnable stop) {
    return new RunningService() {
      @Override
      public String address() {
        return address;
      }

      @Override
      public void close() {
        stop.run();
      }
    };
  }
}
