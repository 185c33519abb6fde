package io.sluice.testing;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A fuzzing campaign over pipeline files: {@link PipelineFuzzer}'s mutants of the examples and the
 * broken fixtures, each validated by {@code validator} on one worker thread, and judged: exit 0 or
 * 2, every problem at FILE:LINE:COL, no stack trace, at most 5 s and 512 MB allocated (measured on
 * the worker thread). Used by the CI test (a few hundred files) and {@code bench/run.sh fuzz}.
 */
public final class FuzzCampaign {
  /** Validates a file: its exit code and everything it printed. */
  public interface Validator {
    Outcome validate(Path file) throws Exception;
  }

  /** What validating one file gave; {@code millis} and {@code allocated} are filled in here. */
  public record Outcome(int exit, String output, long millis, long allocated) {}

  /** The campaign's result: the bad files with why, and a summary line. */
  public record Report(List<String> failures, String summary) {}

  public static final long MAX_MILLIS = 5_000;
  public static final long MAX_BYTES = 512L << 20;
  private static final Pattern POSITIONED =
      Pattern.compile("^.+\\.yaml:\\d+:\\d+: (error|warning)\\[E\\d+\\]: .*");

  private FuzzCampaign() {}

  /**
   * A validator that runs {@code command} (the CLI's {@code Main::execute}) with {@code validate
   * FILE} and captures what it prints.
   */
  public static Validator validating(java.util.function.Function<String[], Integer> command) {
    return file -> {
      TestingConsole.Captured<Integer> captured =
          TestingConsole.capture(() -> command.apply(new String[] {"validate", file.toString()}));
      return new Outcome(captured.result(), captured.out() + captured.err(), 0, 0);
    };
  }

  /** The examples' pipeline files and the broken fixtures, the fuzzer's seeds. */
  public static List<String> seeds() throws Exception {
    List<String> seeds = new ArrayList<>();
    try (Stream<Path> examples = Files.list(RepositoryFiles.resolve("examples"))) {
      for (Path dir : examples.sorted().toList()) {
        Path file = dir.resolve("pipeline.yaml");
        if (Files.isRegularFile(file)) {
          seeds.add(Files.readString(file));
        }
      }
    }
    try (Stream<Path> broken =
        Files.list(RepositoryFiles.resolve("sluice-cli/src/test/resources/broken"))) {
      for (Path file : broken.sorted().toList()) {
        if (file.toString().endsWith(".yaml")) {
          seeds.add(Files.readString(file));
        }
      }
    }
    return seeds;
  }

  /**
   * Validates {@code files} mutants (seed {@code seed}) in {@code work}, after one warm-up
   * validation of {@code warmUp}; bad files are kept in {@code work} for a look.
   */
  public static Report run(
      List<String> seeds, int files, long seed, Path work, Path warmUp, Validator validator)
      throws Exception {
    PipelineFuzzer fuzzer = new PipelineFuzzer(seeds, seed);
    ExecutorService worker = Executors.newSingleThreadExecutor();
    List<String> failures = new ArrayList<>();
    int valid = 0;
    long slowest = 0;
    long mostBytes = 0;
    long totalMillis = 0;
    try {
      // the first validation loads the connectors and Spark's parser: not a fuzzed file's cost
      measure(worker, validator, warmUp);
      for (int i = 0; i < files; i++) {
        PipelineFuzzer.Mutant mutant = fuzzer.next();
        Path file = work.resolve("fuzz-" + i + ".yaml");
        Files.writeString(file, mutant.text(), StandardCharsets.UTF_8);
        Outcome outcome;
        try {
          outcome = measure(worker, validator, file);
        } catch (TimeoutException e) {
          failures.add(
              file + " " + mutant.mutations() + ": no answer in " + 4 * MAX_MILLIS + " ms");
          worker.shutdownNow();
          worker = Executors.newSingleThreadExecutor();
          continue;
        }
        totalMillis += outcome.millis();
        slowest = Math.max(slowest, outcome.millis());
        mostBytes = Math.max(mostBytes, outcome.allocated());
        String why = judge(outcome);
        if (why != null) {
          failures.add(file + " " + mutant.mutations() + ": " + why);
        } else {
          Files.delete(file);
        }
        valid += outcome.exit() == 0 ? 1 : 0;
      }
    } finally {
      worker.shutdownNow();
    }
    String summary =
        String.format(
            Locale.ROOT,
            "fuzzed %d files (seed %d): %d valid, %d refused, %d bad; mean %.1f ms, slowest %d ms,"
                + " most allocated %.1f MB",
            files,
            seed,
            valid,
            files - valid - failures.size(),
            failures.size(),
            totalMillis / (double) Math.max(1, files),
            slowest,
            mostBytes / 1048576.0);
    return new Report(failures, summary);
  }

  /** Why {@code outcome} is bad, or null when it is as it should be. */
  static String judge(Outcome outcome) {
    String output = outcome.output();
    if (output.contains("\tat ") || output.contains("Exception in thread")) {
      return "a stack trace: " + brief(output);
    }
    if (outcome.millis() > MAX_MILLIS) {
      return "took " + outcome.millis() + " ms";
    }
    if (outcome.allocated() > MAX_BYTES) {
      return "allocated " + (outcome.allocated() >> 20) + " MB";
    }
    if (outcome.exit() != 0 && outcome.exit() != 2) {
      return "exit " + outcome.exit() + ": " + brief(output);
    }
    if (outcome.exit() == 2) {
      List<String> problems =
          output.lines().filter(l -> l.contains("error[") || l.contains("warning[")).toList();
      if (problems.isEmpty()) {
        return "exit 2 without a problem: " + brief(output);
      }
      for (String line : problems) {
        if (!POSITIONED.matcher(line).matches()) {
          return "a problem without FILE:LINE:COL: " + brief(line);
        }
      }
    }
    return null;
  }

  private static String brief(String text) {
    return text.length() > 600 ? text.substring(0, 600) + "..." : text;
  }

  private static Outcome measure(ExecutorService worker, Validator validator, Path file)
      throws Exception {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    Future<Outcome> result =
        worker.submit(
            () -> {
              long id = Thread.currentThread().getId();
              long before = threads.getThreadAllocatedBytes(id);
              long started = System.nanoTime();
              Outcome outcome = validator.validate(file);
              long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
              long allocated = threads.getThreadAllocatedBytes(id) - before;
              return new Outcome(outcome.exit(), outcome.output(), millis, allocated);
            });
    try {
      return result.get(4 * MAX_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      result.cancel(true);
      throw e;
    }
  }
}
