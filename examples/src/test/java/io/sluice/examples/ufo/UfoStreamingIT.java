package io.sluice.examples.ufo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cli.Main;
import io.sluice.services.EmbeddedKafka;
import io.sluice.testing.ChildJvm;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingKafka;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kappa half of the UFO example: the CSV replayed row by row to {@code sluice serve} (a child
 * JVM), Kafka, a streaming bronze table, and the batch silver and gold datasets unchanged: the gold
 * tables equal those of the batch pipeline over the same CSV.
 */
class UfoStreamingIT {
  @TempDir Path work;

  @Test
  void replayedRowsReachTheSameGoldTablesAsTheBatchRun() throws Exception {
    Path csv = work.resolve("ufo.csv");
    new UfoGenerator(11).write(csv, 5_000);
    UfoRun batch = UfoRun.of(work.resolve("batch"), csv, "batch.json");

    {
      EmbeddedKafka kafka = TestingKafka.shared();
      int port = UfoServe.freePort();
      Path log = work.resolve("serve.log");
      Process serve =
          ChildJvm.start(
              work,
              Main.class.getName(),
              List.of(
                  "serve",
                  UfoRun.PIPELINE.toString(),
                  "--profile",
                  "streaming",
                  "--param",
                  "kafka=" + kafka.bootstrapServers(),
                  "--port",
                  Integer.toString(port)),
              Map.of("UFO_INGEST_KEY", "test-key-42"),
              log);
      try {
        UfoServe.awaitHealthy(port, serve, log);
        assertThat(UfoServe.replay(csv, port, work, "test-key-42", 200))
            .contains("sent 5,000, acked 5,000, failed 0");
      } finally {
        serve.destroy(); // SIGTERM: the endpoint stops cleanly
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      Path lake = work.resolve("stream").resolve("lake");
      Path summary = work.resolve("stream.json");
      TestingConsole.Captured<Integer> run =
          TestingConsole.capture(
              () ->
                  Main.execute(
                      "run",
                      UfoRun.PIPELINE.toString(),
                      "--profile",
                      "streaming",
                      "--once",
                      "--param",
                      "kafka=" + kafka.bootstrapServers(),
                      "--param",
                      "out=" + work.resolve("stream-out"),
                      "--lake",
                      lake.toString(),
                      "--run-store",
                      "jdbc:h2:file:" + work.resolve("stream-runs"),
                      "--summary-json",
                      summary.toString()));
      assertThat(run.result()).as(run.out() + run.err()).isZero();
      JsonNode steps = new ObjectMapper().readTree(summary.toFile()).get("steps");
      assertThat(steps.get(0).get("name").asText()).isEqualTo("bronze.sightings");
      assertThat(steps.get(0).get("kind").asText()).isEqualTo("stream");
      assertThat(steps.get(0).get("rows_out").asLong()).isEqualTo(5_000);

      for (String table : UfoRun.GOLD) {
        assertThat(rows(lake, table))
            .as(table)
            .isNotEmpty()
            .isEqualTo(rows(work.resolve("batch").resolve("lake"), table));
      }
      JsonNode silver = null;
      for (JsonNode step : steps) {
        silver = step.get("name").asText().equals("silver.sightings") ? step : silver;
      }
      assertThat(silver).isNotNull();
      for (String count : List.of("rows_in", "rows_out", "quarantined", "dropped")) {
        assertThat(silver.get(count).asLong())
            .as("silver " + count)
            .isEqualTo(batch.step("silver.sightings").get(count).asLong());
      }
    }
  }

  /** The table's rows as sorted CSV lines, through {@code sluice sql}. */
  private static List<String> rows(Path lake, String table) throws Exception {
    TestingConsole.Captured<Integer> sql =
        TestingConsole.capture(
            () ->
                Main.execute(
                    "sql",
                    UfoRun.PIPELINE.toString(),
                    "--lake",
                    lake.toString(),
                    "SELECT * FROM " + table,
                    "-f",
                    "csv"));
    assertThat(sql.result()).as(sql.err()).isZero();
    String[] lines = sql.out().split("\n");
    String[] body = Arrays.copyOfRange(lines, 1, lines.length);
    Arrays.sort(body);
    return List.of(body);
  }
}
