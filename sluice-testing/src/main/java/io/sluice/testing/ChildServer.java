package io.sluice.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test server run as a child JVM on a class path of its own (a module's {@code
 * target/*-classpath.txt}, named by a system property the build sets), listening on a free port of
 * 127.0.0.1; stopped by {@link #close}.
 */
final class ChildServer implements AutoCloseable {
  private final String name;
  private final Process process;
  private final int port;
  private final Path log;

  private ChildServer(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** A free port on 127.0.0.1 for the server to listen on. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Starts {@code mainClass} with {@code jvmFlags} and {@code args} on the class path in the file
   * {@code classpathProperty} names, its output in {@code work/NAME.log}, and returns once it
   * accepts connections on {@code port} (or fails with its log after two minutes).
   */
  static ChildServer start(
      String name,
      String classpathProperty,
      String module,
      Path work,
      int port,
      List<String> jvmFlags,
      String mainClass,
      List<String> args)
      throws IOException {
    String classpathFile = System.getProperty(classpathProperty);
    if (classpathFile == null || !Files.isRegularFile(Path.of(classpathFile))) {
      throw new IllegalStateException(
          "No "
              + name
              + " class path: build module "
              + module
              + " (mvn package) and set "
              + classpathProperty
              + " to its class path file (was "
              + classpathFile
              + ")");
    }
    Files.createDirectories(work);
    Path argfile = work.resolve(name + ".argfile");
    Files.writeString(
        argfile,
        "-cp \""
            + Files.readString(Path.of(classpathFile), StandardCharsets.UTF_8)
                .trim()
                .replace("\\", "\\\\")
            + "\"",
        StandardCharsets.UTF_8);
    Path log = work.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(jvmFlags);
    command.add("@" + argfile);
    command.add(mainClass);
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ChildServer server = new ChildServer(name, process, port, log);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!listening(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IllegalStateException(name + " did not start: " + Files.readString(log));
      }
      try {
        Thread.sleep(100); // polling its port until it accepts connections
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.close();
        throw new IllegalStateException("Interrupted while " + name + " started", e);
      }
    }
    return server;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  int port() {
    return port;
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " on 127.0.0.1:" + port;
  }
}
