package io.sluice.hadoop;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs another main class (a NameNode, a DataNode, the metastore) and exits when the process that
 * started it is gone, so that a {@code sluice} killed with {@code kill -9} leaves no HDFS or
 * metastore behind holding its ports and folders.
 *
 * <p>Arguments: {@code PARENT_PID MAIN_CLASS [ARGUMENTS...]}.
 */
public final class Daemon {
  private Daemon() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: Daemon PARENT_PID MAIN_CLASS [ARGUMENTS...]");
      System.exit(2);
    }
    Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(args[0]));
    Thread watchdog =
        new Thread(
            () -> {
              while (parent.map(ProcessHandle::isAlive).orElse(false)) {
                try {
                  Thread.sleep(1000);
                } catch (InterruptedException e) {
                  return;
                }
              }
              System.err.println("The process that started this one is gone: stopping.");
              System.exit(0);
            },
            "sluice-parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    Method main = Class.forName(args[1]).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
  }
}
