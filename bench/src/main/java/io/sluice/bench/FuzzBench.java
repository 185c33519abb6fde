package io.sluice.bench;

import io.sluice.cli.Main;
import io.sluice.testing.FuzzCampaign;
import io.sluice.testing.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code bench/run.sh fuzz [--files N] [--seed S]}: the full fuzzing campaign over pipeline files
 * (10,000 mutants by default; CI's PipelineFuzzIT runs 600): every mutant through {@code sluice
 * validate}, judged by {@link FuzzCampaign}. Prints the summary and each bad file (kept in a temp
 * folder, named in the output); exits 1 when any was bad.
 */
public final class FuzzBench {
  private FuzzBench() {}

  public static void main(String[] args) throws Exception {
    int files = 10_000;
    long seed = 20261206L;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--files" -> files = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument " + args[i] + "; use --files N, --seed S");
      }
    }
    Path work = Files.createTempDirectory("sluice-fuzz");
    List<String> seeds = FuzzCampaign.seeds();
    long started = System.nanoTime();
    FuzzCampaign.Report report =
        FuzzCampaign.run(
            seeds,
            files,
            seed,
            work,
            RepositoryFiles.resolve("examples/ufo-sightings/pipeline.yaml"),
            FuzzCampaign.validating(Main::execute));
    System.out.printf(
        "%s; %d seeds; %.0f s in all; bad files kept in %s%n",
        report.summary(), seeds.size(), (System.nanoTime() - started) / 1e9, work);
    report.failures().forEach(failure -> System.out.println("BAD " + failure));
    System.exit(report.failures().isEmpty() ? 0 : 1);
  }
}
