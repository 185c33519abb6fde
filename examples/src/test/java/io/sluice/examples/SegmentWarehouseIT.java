package io.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.cli.Main;
import io.sluice.examples.segment.SegmentEventGenerator;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The segment-warehouse example end to end on generated archives: two days loaded one after the
 * other (and the second again), Redshift SQL translated and run, typed PostgreSQL tables,
 * reconciliation, and the KST date columns checked row by row against java.time.
 */
class SegmentWarehouseIT {
  @TempDir Path work;

  @Test
  void twoDaysLoadIntoTypedWarehouseTablesAndRerunsChangeNothing() throws Exception {
    Path archive = work.resolve("segment-logs");
    SegmentEventGenerator.Written written =
        new SegmentEventGenerator(7, 500, 0.01, 0.001)
            .write(archive, List.of("src-a", "src-b"), LocalDate.parse("2024-07-01"), 2, 3_000);
    assertThat(written.events()).isEqualTo(6_000);
    assertThat(written.duplicates()).isPositive();
    assertThat(written.malformed()).isPositive();
    try (Stream<Path> files = Files.walk(archive)) {
      assertThat(
              files
                  .filter(Files::isRegularFile)
                  .map(p -> archive.relativize(p).toString())
                  .filter(
                      p ->
                          p.matches(
                              "src-[ab]/(1719792000000|1719878400000)/\\d{13}\\.events-archiver-\\d\\.[0-9a-f]{8}\\.[0-9a-f-]{36}\\.gz")))
          .hasSize(12); // 1,500 events a source-day in files of 500
    }
    long distinctValid = distinctValidMessageIds(archive);
    {
      String url = TestingPostgres.newDatabase("warehouse");
      String out1 = run(archive, url, "2024-07-01");
      String out2 = run(archive, url, "2024-07-02");
      assertThat(out2)
          .contains("reconciled with analytics.dw_events")
          .containsPattern(
              "reconciled with bronze.segment_events: distinct messageid: dataset (\\d+), target \\1");
      long dwAfterTwoDays = count(url, "SELECT count(*) FROM analytics.dw_events");
      assertThat(dwAfterTwoDays)
          .isEqualTo(count(url, "SELECT count(DISTINCT messageid) FROM analytics.dw_events"))
          .isEqualTo(distinctValid);
      run(archive, url, "2024-07-02");
      assertThat(count(url, "SELECT count(*) FROM analytics.dw_events")).isEqualTo(dwAfterTwoDays);
      // the truncated lines are quarantined in bronze, not lost
      assertThat(out1)
          .containsPattern("bronze.segment_events\\s+[\\d,]+ in\\s+[\\d,]+ out\\s+[1-9]");

      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        Map<String, String> types = new HashMap<>();
        try (ResultSet r =
            s.executeQuery(
                "SELECT column_name, data_type FROM information_schema.columns"
                    + " WHERE table_schema = 'analytics' AND table_name = 'dw_events'")) {
          while (r.next()) {
            types.put(r.getString(1), r.getString(2));
          }
        }
        assertThat(types).hasSize(28);
        assertThat(types)
            .containsEntry("timestamp", "timestamp without time zone") // KST wall clock
            .containsEntry("ywd", "date")
            .containsEntry("context", "text")
            .containsEntry("yw", "text"); // string_type auto: TEXT on PostgreSQL
        // KST columns agree with the KST timestamp, computed here with java.time
        try (ResultSet r =
            s.executeQuery(
                "SELECT \"timestamp\", yw, ywd, ym, ymd,"
                    + " properties_action_hospital_id, properties, type FROM analytics.dw_events")) {
          int checked = 0;
          while (r.next()) {
            java.time.LocalDateTime kst = r.getObject(1, java.time.LocalDateTime.class);
            LocalDate next = kst.toLocalDate().plusDays(1);
            String isoWeek =
                String.format(
                    java.util.Locale.ROOT,
                    "%04d-%02d",
                    next.get(java.time.temporal.IsoFields.WEEK_BASED_YEAR),
                    next.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            assertThat(r.getString(2)).isEqualTo(isoWeek);
            assertThat(r.getDate(3).toLocalDate())
                .isEqualTo(next.with(java.time.DayOfWeek.MONDAY).minusDays(1));
            assertThat(r.getString(4)).isEqualTo(kst.toLocalDate().toString().substring(0, 7));
            assertThat(r.getString(5)).isEqualTo(kst.toLocalDate().toString());
            if (r.getString(6) != null) {
              assertThat(r.getString(7)).contains("\"hospital\":[\"" + r.getString(6) + "\"");
            }
            checked++;
          }
          assertThat(checked).isEqualTo(dwAfterTwoDays);
        }
        long sessions = count(url, "SELECT count(*) FROM analytics.sessions");
        assertThat(sessions)
            .isEqualTo(count(url, "SELECT sum(sessions) FROM analytics.daily_metrics"))
            .isGreaterThan(
                count(url, "SELECT count(DISTINCT anonymousid) FROM analytics.dw_events"));
        assertThat(count(url, "SELECT sum(events) FROM analytics.daily_metrics"))
            .isEqualTo(dwAfterTwoDays);
        // a session's next start is more than 30 minutes after the session's last event
        assertThat(
                count(
                    url,
                    "SELECT count(*) FROM analytics.sessions s WHERE next_session_start_at IS NOT"
                        + " NULL AND next_session_start_at - interval '30 minutes' <= (SELECT"
                        + " max(e.\"timestamp\") FROM analytics.dw_events e WHERE e.anonymousid ="
                        + " s.anonymousid AND e.\"timestamp\" < s.next_session_start_at)"))
            .isZero();
      }
    }
  }

  private String run(Path archive, String url, String date) throws Exception {
    TestingConsole.Captured<Integer> run =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "run",
                    RepositoryFiles.resolve("examples/segment-warehouse/pipeline.yaml").toString(),
                    "--profile",
                    "external",
                    "--param",
                    "archive=" + archive,
                    "--date",
                    date,
                    "--param",
                    "warehouse=" + url,
                    "--lake",
                    work.resolve("lake").toString(),
                    "--run-store",
                    "jdbc:h2:file:" + work.resolve("runs")));
    String out = run.out() + run.err();
    assertThat(run.result()).as(out).isEqualTo(Main.OK);
    return out;
  }

  /** Reads the archives back: the distinct messageIds of the lines that are JSON. */
  private static long distinctValidMessageIds(Path archive) throws Exception {
    java.util.Set<String> ids = new java.util.HashSet<>();
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    try (Stream<Path> files = Files.walk(archive)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".gz")).toList()) {
        try (java.io.BufferedReader lines =
            new java.io.BufferedReader(
                new java.io.InputStreamReader(
                    new java.util.zip.GZIPInputStream(Files.newInputStream(file)),
                    java.nio.charset.StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            try {
              ids.add(json.readTree(line).get("messageId").asText());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
              // a truncated line: quarantined by the pipeline
            }
          }
        }
      }
    }
    return ids.size();
  }

  private static long count(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
