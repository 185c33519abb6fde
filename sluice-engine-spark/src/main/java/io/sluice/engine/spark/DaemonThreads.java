package io.sluice.engine.spark;

import java.util.concurrent.ThreadFactory;

/** Threads of the engine's own pools: named, and daemons, so that they never keep a JVM alive. */
final class DaemonThreads {
  private DaemonThreads() {}

  static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
