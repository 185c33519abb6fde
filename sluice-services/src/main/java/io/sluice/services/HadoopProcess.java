package io.sluice.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on Hadoop's and Hive's own class path (the sluice-hadoop module's, which cannot share
 * Spark's: STACK.md), watched by {@code io.sluice.hadoop.Daemon} so that it exits with the process
 * that started it. Its output goes to a log file, whose last lines explain a failure.
 */
final class HadoopProcess implements AutoCloseable {
  /** The system property naming the file that holds the class path (tests set it). */
  static final String CLASSPATH_PROPERTY = "sluice.hadoop.classpath";

  /** Hadoop's and Hive's log4j 1 (reload4j) settings: INFO to the log file, not every block. */
  private static final String LOG4J =
      String.join(
              "\n",
              "log4j.rootLogger=INFO, out",
              "log4j.appender.out=org.apache.log4j.ConsoleAppender",
              "log4j.appender.out.layout=org.apache.log4j.PatternLayout",
              "log4j.appender.out.layout.ConversionPattern=%d{ISO8601} %p %c{1}: %m%n",
              "log4j.logger.org.apache.hadoop.hdfs.StateChange=WARN",
              "log4j.logger.BlockStateChange=WARN",
              "log4j.logger.org.apache.hadoop.hdfs.server.datanode.DataNode.clienttrace=WARN",
              "log4j.logger.org.apache.hadoop.hdfs.server.namenode.FSNamesystem.audit=WARN",
              "log4j.logger.DataNucleus=WARN",
              "log4j.logger.Datastore=WARN",
              "")
          + "\n";

  private final String name;
  private final Process process;
  private final Path log;

  private HadoopProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code args}, {@code confDirectory} (core-site.xml and the like)
   * first on its class path; stdout and stderr go to {@code log}.
   */
  static HadoopProcess start(
      String name, Path confDirectory, String mainClass, List<String> args, Path log) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-Djava.net.preferIPv4Stack=true");
    command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    command.add("--add-opens=java.base/java.util=ALL-UNNAMED");
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    command.add("@" + argfile(confDirectory, log));
    command.add("io.sluice.hadoop.Daemon");
    command.add(Long.toString(ProcessHandle.current().pid()));
    command.add(mainClass);
    command.addAll(args);
    try {
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new HadoopProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the " + name, e);
    }
  }

  /** The argfile with the class path: the conf folder, then sluice-hadoop's jars. */
  private static Path argfile(Path confDirectory, Path log) {
    String classpath =
        confDirectory.toAbsolutePath() + java.io.File.pathSeparator + hadoopClasspath();
    // one per process: the NameNode's JVM may still be reading its own while the DataNode starts
    Path argfile = log.resolveSibling(log.getFileName() + ".argfile");
    try {
      Files.createDirectories(argfile.getParent());
      Files.writeString(confDirectory.resolve("log4j.properties"), LOG4J, StandardCharsets.UTF_8);
      Files.writeString(
          argfile, "-cp \"" + classpath.replace("\\", "\\\\") + "\"\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + argfile, e);
    }
    return argfile;
  }

  /**
   * The class path of Hadoop's and Hive's jars: the file named by {@value #CLASSPATH_PROPERTY},
   * else the distribution's hadoop-classpath.txt under SLUICE_HOME.
   */
  static String hadoopClasspath() {
    String property = System.getProperty(CLASSPATH_PROPERTY);
    Path file;
    if (property != null) {
      file = Path.of(property);
    } else {
      String home = System.getenv().getOrDefault("SLUICE_HOME", ".");
      file = Path.of(home, "sluice-dist", "target", "dist", "hadoop-classpath.txt");
    }
    if (!Files.isRegularFile(file)) {
      throw new ServiceStartException(
          "Cannot start the embedded HDFS or Hive Metastore: their jars' class path "
              + file
              + " is missing. Build it with 'mvn install -pl sluice-dist -am' (the sluice-hadoop"
              + " module), or point the lake and catalog_uri at a running cluster.");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits for the process to end by itself; its exit code, or -1 after the timeout. */
  int await(long seconds) {
    try {
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        return -1;
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The log's last {@code lines} lines, for an error message. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** A failure of this process: what it was doing, and the end of its log. */
  ServiceStartException failure(String doing) {
    return new ServiceStartException(
        "The " + name + " " + doing + " (log " + log + "); its last lines:\n" + logTail(15));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
