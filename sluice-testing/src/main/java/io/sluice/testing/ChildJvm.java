package io.sluice.testing;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a class of the test's class path in a child JVM with the flags Spark needs (copied from
 * this JVM), the class path in an argfile, and output to a log file: for tests that kill a process
 * or need an environment set at start.
 *
 * <p>Children of the command line ({@value #CLI_MAIN}) share a class-data sharing archive of the
 * classes a small run loads (Spark, Iceberg, Parquet, the run store: about 15,000 classes), made
 * once per test JVM by a warm-up run ({@value #WARM_UP}): each child then starts its run several
 * seconds sooner (a small run measured 15-18 s without, 9-10 s with). The archive needs the class
 * path's jars before its folders (classes in folders cannot be archived), so such children get the
 * jars first; no class is in both. {@code SLUICE_TEST_CDS=off} starts every child without it.
 */
public final class ChildJvm {
  /** The command line's main class, whose children share the archive. */
  static final String CLI_MAIN = "io.sluice.cli.Main";

  /** The warm-up run's pipeline, the launcher's too. */
  static final String WARM_UP = "sluice-dist/src/cds/warm-up.yaml";

  private static Path archive;
  private static boolean archiveTried;

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
    Path shared = mainClass.equals(CLI_MAIN) ? sharedArchive() : null;
    List<String> command = command(work, shared != null);
    if (shared != null) {
      command.add(1, "-XX:SharedArchiveFile=" + shared);
    }
    command.add(mainClass);
    command.addAll(args);
    return launch(command, env, directory, log);
  }

  /** Starts {@code command} with {@code env} added, in {@code directory} (null: this one's). */
  private static Process launch(
      List<String> command, Map<String, String> env, Path directory, Path log) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    return builder.start();
  }

  /** java, the flags, the class path argfile (jars first when {@code jarsFirst}). */
  private static List<String> command(Path work, boolean jarsFirst) throws IOException {
    Path argfile = Files.createTempFile(work, "classpath-", ".argfile");
    String classPath = System.getProperty("java.class.path");
    Files.writeString(
        argfile,
        "-cp \"" + (jarsFirst ? jarsFirst(classPath) : classPath).replace("\\", "\\\\") + "\"",
        StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    if (jarsFirst) {
      // a child's output is what tests read: no notes about the archive in it
      command.add("-Xlog:cds=off");
      command.add("-Xlog:cds+dynamic=off");
    }
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(
            flag ->
                flag.startsWith("--add-")
                    || flag.startsWith("-Djdk.")
                    || flag.startsWith("-Dio.netty")
                    || flag.startsWith("-XX:+Ignore"))
        .forEach(command::add);
    command.add("@" + argfile);
    return command;
  }

  /** The class path with its jars first, then its folders, each group in its order. */
  static String jarsFirst(String classPath) {
    List<String> entries = Arrays.asList(classPath.split(File.pathSeparator));
    List<String> ordered = new ArrayList<>();
    entries.stream().filter(e -> e.endsWith(".jar")).forEach(ordered::add);
    entries.stream().filter(e -> !e.endsWith(".jar") && !e.isEmpty()).forEach(ordered::add);
    return String.join(File.pathSeparator, ordered);
  }

  /**
   * The archive of this test JVM's command-line children, made by the first call (a run of the
   * warm-up pipeline that exits normally, so that the JVM writes it); null when it is turned off or
   * could not be made (the children then start without it, as before).
   */
  private static synchronized Path sharedArchive() {
    if (archiveTried) {
      return archive;
    }
    archiveTried = true;
    if ("off".equals(System.getenv("SLUICE_TEST_CDS"))) {
      return null;
    }
    try {
      Path dir = Files.createTempDirectory("sluice-child-cds");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
      Path made = dir.resolve("children.jsa");
      List<String> command = command(dir, true);
      command.add(1, "-XX:ArchiveClassesAtExit=" + made);
      command.add(CLI_MAIN);
      command.addAll(
          List.of(
              "run",
              RepositoryFiles.resolve(WARM_UP).toString(),
              "--param",
              "work=" + dir.resolve("work")));
      Path log = dir.resolve("warm-up.log");
      long started = System.nanoTime();
      Process warmUp = launch(command, Map.of(), null, log);
      boolean ended = warmUp.waitFor(5, TimeUnit.MINUTES);
      if (!ended) {
        warmUp.destroyForcibly();
      }
      if (ended && warmUp.exitValue() == 0 && Files.size(made) > 0) {
        archive = made;
        System.out.printf(
            "ChildJvm: class-data archive of %,d MB made in %.1f s: %s%n",
            Files.size(made) >> 20, (System.nanoTime() - started) / 1e9, made);
      } else {
        System.out.println(
            "ChildJvm: no class-data archive (children start without it): "
                + Files.readString(log));
      }
    } catch (IOException e) {
      System.out.println("ChildJvm: no class-data archive (children start without it): " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return archive;
  }

  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder: what is left is the system's to clean
    }
  }
}
