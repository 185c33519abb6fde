package io.sluice.core.run;

import java.util.concurrent.ThreadFactory;

/** Threads of Sluice's own pools: named, and daemons, so that they never keep a JVM alive. */
public final class DaemonThreads {
  private DaemonThreads() {}

  public static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
