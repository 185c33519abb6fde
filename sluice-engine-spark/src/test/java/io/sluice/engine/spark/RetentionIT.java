package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.run.RunResult;
import io.sluice.core.store.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;

/** Snapshots past the pipeline's retention are expired after each write, and their files go. */
class RetentionIT {
  private static final String PIPELINE =
      """
      pipeline: keep
      parameters: { n: { default: "10" } }
      %s
      datasets:
        %s.numbers:
          sql: SELECT id FROM range(0, ${n})
          expect: [ { name: small, check: "id < 5", on_fail: quarantine } ]
      """;

  @Test
  void snapshotsPastTheRetentionAreExpiredAndTheirFilesDeleted() throws IOException {
    String pipeline =
        String.format(PIPELINE, "retention: { max_snapshot_age: 0s, min_snapshots: 2 }", "keep");
    for (int n = 10; n < 15; n++) {
      RunResult result = SharedSpark.run(pipeline, Map.of("n", Integer.toString(n)));
      assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.SUCCEEDED);
    }
    // five overwrites, the newest two snapshots kept, of the table and of its quarantine
    assertThat(snapshots("keep.numbers")).isEqualTo(2);
    assertThat(snapshots("keep.numbers__quarantine")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM keep.numbers")).isEqualTo(5);
    assertThat(count("SELECT count(*) FROM keep.numbers__quarantine")).isEqualTo(9);
    // the older kept snapshot still reads (time travel), with the run before's rows
    long older =
        SharedSpark.session()
            .sql("SELECT snapshot_id FROM keep.numbers__quarantine.snapshots ORDER BY committed_at")
            .first()
            .getLong(0);
    assertThat(count("SELECT count(*) FROM keep.numbers__quarantine VERSION AS OF " + older))
        .isEqualTo(8);
    // on disk: only the data files the kept snapshots need
    for (String table : List.of("keep.numbers", "keep.numbers__quarantine")) {
      long referenced = count("SELECT count(DISTINCT file_path) FROM " + table + ".all_data_files");
      assertThat(dataFiles(table)).as(table).isEqualTo(referenced).isPositive();
    }
  }

  @Test
  void aTaggedSnapshotIsKept() {
    String pipeline =
        String.format(PIPELINE, "retention: { max_snapshot_age: 0s, min_snapshots: 1 }", "tagged");
    SharedSpark.run(pipeline, Map.of("n", "10"));
    long first =
        SharedSpark.session()
            .sql("SELECT snapshot_id FROM tagged.numbers.snapshots")
            .first()
            .getLong(0);
    SharedSpark.session()
        .sql("ALTER TABLE lake.tagged.numbers CREATE TAG `release-1` AS OF VERSION " + first);
    for (int n = 11; n < 13; n++) {
      assertThat(SharedSpark.run(pipeline, Map.of("n", Integer.toString(n))).status())
          .isEqualTo(RunStatus.SUCCEEDED);
    }
    // the newest and the tagged one: the run in between is expired
    assertThat(snapshots("tagged.numbers")).isEqualTo(2);
    assertThat(count("SELECT count(*) FROM tagged.numbers.snapshots WHERE snapshot_id = " + first))
        .isEqualTo(1);
    assertThat(count("SELECT count(*) FROM tagged.numbers VERSION AS OF 'release-1'")).isEqualTo(5);
  }

  @Test
  void theDefaultKeepsRecentSnapshotsAndForeverKeepsThemAll() {
    for (String[] kind :
        new String[][] {{"", "recent"}, {"retention: { max_snapshot_age: forever }", "all"}}) {
      String pipeline = String.format(PIPELINE, kind[0], kind[1]);
      for (int n = 10; n < 13; n++) {
        assertThat(SharedSpark.run(pipeline, Map.of("n", Integer.toString(n))).status())
            .isEqualTo(RunStatus.SUCCEEDED);
      }
      assertThat(snapshots(kind[1] + ".numbers")).as(kind[1]).isEqualTo(3);
    }
  }

  private static long snapshots(String table) {
    return count("SELECT count(*) FROM " + table + ".snapshots");
  }

  private static long count(String sql) {
    return SharedSpark.session().sql(sql).first().getLong(0);
  }

  private static long dataFiles(String dataset) throws IOException {
    Table table =
        LakeTables.find(SharedSpark.session(), LakeTables.qualified(dataset)).orElseThrow();
    Path data = Path.of(java.net.URI.create(table.location() + "/data").getPath());
    if (!table.location().startsWith("file:")) {
      data = Path.of(table.location(), "data");
    }
    try (Stream<Path> files = Files.walk(data)) {
      return files.filter(f -> f.toString().endsWith(".parquet")).count();
    }
  }
}
