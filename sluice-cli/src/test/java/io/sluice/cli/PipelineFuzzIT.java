package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.FuzzCampaign;
import io.sluice.testing.RepositoryFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipeline files as an attack surface: mutants of the examples and the broken fixtures through
 * {@code sluice validate} ({@link FuzzCampaign}): each gives exit 0 or 2, every problem at
 * FILE:LINE:COL, no stack trace, in at most 5 s and 512 MB allocated. CI runs {@value #CI_FILES}
 * files (seed {@value #SEED}; -Dsluice.fuzz.files and -Dsluice.fuzz.seed change them); {@code
 * bench/run.sh fuzz} runs 10,000 and more.
 */
class PipelineFuzzIT {
  static final int CI_FILES = 400;
  static final long SEED = 20261206L;

  @TempDir Path work;

  @Test
  void mutatedPipelineFilesGetExitZeroOrTwoWithPositionsAndNoStackTrace() throws Exception {
    int files = Integer.getInteger("sluice.fuzz.files", CI_FILES);
    long seed = Long.getLong("sluice.fuzz.seed", SEED);
    List<String> seeds = FuzzCampaign.seeds();
    assertThat(seeds).hasSizeGreaterThan(20);
    FuzzCampaign.Report report =
        FuzzCampaign.run(
            seeds,
            files,
            seed,
            work,
            RepositoryFiles.resolve("examples/ufo-sightings/pipeline.yaml"),
            FuzzCampaign.validating(Main::execute));
    System.out.println(report.summary());
    assertThat(report.failures()).as(report.summary()).isEmpty();
  }
}
