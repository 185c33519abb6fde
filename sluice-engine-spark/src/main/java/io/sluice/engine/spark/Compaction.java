package io.sluice.engine.spark;

import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;

/**
 * Rewrites a table's small data files into fewer, larger ones (Iceberg's rewriteDataFiles): a
 * streaming table gains a file or more each micro-batch, thousands a day, and every read opens each
 * one. The old files stay until the snapshots that need them expire (retention).
 */
final class Compaction {
  private Compaction() {}

  /** What one compaction did. */
  record Report(int rewritten, int added) {
    String describe(String table) {
      return String.format(
          java.util.Locale.ROOT,
          "compacted %s: %,d small data file%s into %,d",
          table,
          rewritten,
          rewritten == 1 ? "" : "s",
          added);
    }
  }

  /**
   * Compacts {@code table} (a dataset name) when a partition has at least {@code minFiles} files
   * smaller than a quarter of the target; empty when there is no such table or nothing was
   * rewritten.
   */
  static Optional<Report> compact(
      SparkSession spark, String table, int minFiles, long targetFileBytes) {
    Optional<Table> found = LakeTables.find(spark, LakeTables.qualified(table));
    if (found.isEmpty() || found.get().currentSnapshot() == null) {
      return Optional.empty();
    }
    RewriteDataFiles rewrite =
        SparkActions.get(spark)
            .rewriteDataFiles(found.get())
            .option(RewriteDataFiles.TARGET_FILE_SIZE_BYTES, Long.toString(targetFileBytes))
            // only files under a quarter of the target are small: a file made by an earlier
            // compaction is left alone once it is past that, so that each compaction rewrites
            // what arrived since (and a bounded remainder), not the whole table again (Iceberg's
            // default, 75% of the target, rewrote every file of a stream's table each minute)
            .option("min-file-size-bytes", Long.toString(targetFileBytes / 4))
            .option("min-input-files", Integer.toString(minFiles));
    // the rewrite holds the same rows: it carries the stream's mark of the last batch committed, so
    // that a batch run again after a crash is still known once the snapshot it wrote has expired
    LakeTables.lastStreamCommit(found.get())
        .ifPresent(mark -> mark.forEach(rewrite::snapshotProperty));
    RewriteDataFiles.Result result = rewrite.execute();
    return result.rewrittenDataFilesCount() == 0
        ? Optional.empty()
        : Optional.of(new Report(result.rewrittenDataFilesCount(), result.addedDataFilesCount()));
  }
}
