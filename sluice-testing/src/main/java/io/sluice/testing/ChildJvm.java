package io.sluice.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a class of the test's class path in a child JVM with the flags Spark needs (copied from
 * this JVM), the class path in an argfile, and output to a log file: for tests that kill a process
 * or need an environment set at start.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** Starts {@code mainClass} with {@code args}; stdout and stderr go to {@code log}. */
  public static Process start(
      Path work, String mainClass, List<String> args, Map<String, String> env, Path log)
      throws IOException {
    return start(work, null, mainClass, args, env, log);
  }

  /** As {@link #start}, in the working directory {@code directory} (null: this one's). */
  public static Process start(
      Path work,
      Path directory,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path log)
      throws IOException {
    Path argfile = Files.createTempFile(work, "classpath-", ".argfile");
    Files.writeString(
        argfile,
        "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"",
        StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            flag ->
                flag.startsWith("--add-")
                    || flag.startsWith("-Djdk.")
                    || flag.startsWith("-Dio.netty")
                    || flag.startsWith("-XX:+Ignore"))
        .forEach(command::add);
    command.add("@" + argfile);
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    return builder.start();
  }
}
