package io.sluice.cli;

import io.sluice.engine.spark.LakeMaintenance;
import io.sluice.engine.spark.SparkSessions;
import io.sluice.spec.Durations;
import io.sluice.spec.PipelineSpec;
import io.sluice.spec.RetentionSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice expire FILE}: expires the old snapshots of the pipeline's lake tables now, with its
 * {@code retention:} or the one given, as runs do after each write.
 */
@Command(
    name = "expire",
    description =
        "Expire old snapshots of the pipeline's lake tables (and delete the files no kept snapshot"
            + " needs) now, with the file's retention or the one given.")
final class ExpireCommand implements Callable<Integer> {
  @Mixin PipelineOptions options;

  @Spec CommandLine.Model.CommandSpec command;

  @Option(
      names = "--max-snapshot-age",
      paramLabel = "AGE",
      description = "Expire snapshots older than this (such as 1d or 0s); default: the file's.")
  String maxSnapshotAge;

  @Option(
      names = "--min-snapshots",
      paramLabel = "N",
      description = "Keep at least the newest N snapshots of each table; default: the file's.")
  Integer minSnapshots;

  @Override
  public Integer call() {
    PipelineSpec spec = options.load();
    RetentionSpec retention = spec.retention();
    Optional<Duration> age = retention.maxSnapshotAge();
    if (maxSnapshotAge != null) {
      try {
        age = RetentionSpec.maxAge(maxSnapshotAge);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            command.commandLine(),
            "Cannot use --max-snapshot-age '"
                + maxSnapshotAge
                + "': a duration such as 12h, 7d or 0s, or 'forever'");
      }
    }
    int keep = minSnapshots != null ? minSnapshots : retention.minSnapshots();
    if (keep < 1) {
      throw new CommandLine.ParameterException(
          command.commandLine(),
          "Cannot keep " + keep + " snapshots: --min-snapshots must be at least 1");
    }
    if (age.isEmpty()) {
      System.out.println("Retention is 'forever': every snapshot is kept; nothing to do");
      return Main.OK;
    }
    RetentionSpec used = new RetentionSpec(age, keep);
    System.out.printf(
        "Expiring snapshots of %s older than %s, keeping the newest %d of each table (lake %s)%n",
        spec.name(), Durations.format(age.get()), keep, spec.settings().lake());
    SparkSession spark = SparkSessions.create("sluice-expire", spec.settings());
    try {
      List<LakeMaintenance.TableReport> reports =
          LakeMaintenance.expireDatasets(spark, spec.datasets().keySet(), used);
      reports.forEach(report -> System.out.println("  " + report.describe()));
      long files =
          reports.stream().mapToLong(r -> r.expired().map(e -> e.files()).orElse(0L)).sum();
      System.out.printf(
          "%d table%s, %,d file%s deleted%n",
          reports.size(), reports.size() == 1 ? "" : "s", files, files == 1 ? "" : "s");
    } finally {
      spark.stop();
    }
    return Main.OK;
  }
}
