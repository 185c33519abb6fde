package io.sluice.examples;

import io.sluice.cli.Main;
import io.sluice.testing.TestingConsole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `sluice run FILE ARGS` through the CLI with its lake and run store under one test folder. */
final class LocalRun {
  private LocalRun() {}

  static TestingConsole.Captured<Integer> of(Path work, Path pipeline, String... args)
      throws Exception {
    return ofWhen(work, pipeline, null, () -> {}, args);
  }

  /** The same run, doing {@code then} once the run has printed {@code marker}. */
  static TestingConsole.Captured<Integer> ofWhen(
      Path work, Path pipeline, String marker, TestingConsole.Action then, String... args)
      throws Exception {
    List<String> all = new ArrayList<>(List.of("run", pipeline.toString()));
    all.addAll(List.of(args));
    all.addAll(
        List.of(
            "--lake",
            work.resolve("lake").toString(),
            "--run-store",
            "jdbc:h2:file:" + work.resolve("runs")));
    return TestingConsole.capture(() -> Main.execute(all.toArray(String[]::new)), marker, then);
  }
}
