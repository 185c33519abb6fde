package io.sluice.examples.maple;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.cli.Main;
import io.sluice.services.EmbeddedKafka;
import io.sluice.testing.ChildJvm;
import io.sluice.testing.RepositoryFiles;
import io.sluice.testing.SharedData;
import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingKafka;
import java.awt.image.BufferedImage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/maple-nicknames end to end on real components: the API simulator, the embedded Kafka
 * broker, Spark, the Iceberg lake, the ONNX model and the report.
 */
class MapleNicknamesIT {
  static final Path PIPELINE = RepositoryFiles.resolve("examples/maple-nicknames/pipeline.yaml");
  static final Path MODEL =
      RepositoryFiles.resolve("examples/maple-nicknames/models/korean-sentiment");
  static final String KEY = "local-simulator-key";
  static final String TOPIC = "maple-ranking";

  @TempDir Path work;
  static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = TestingKafka.shared();
  }

  record Run(TestingConsole.Captured<Integer> console, JsonNode summary) {
    JsonNode step(String name) {
      for (JsonNode step : summary.get("steps")) {
        if (step.get("name").asText().equals(name)) {
          return step;
        }
      }
      throw new AssertionError("no step " + name + " in " + summary);
    }

    long out(String name) {
      return step(name).get("rows_out").asLong();
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The pipeline's arguments with everything under {@code work}. */
  List<String> args(String profile, int port, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                PIPELINE.toString(),
                "--profile",
                profile,
                "--param",
                "api_port=" + port,
                "--param",
                "kafka=" + kafka.bootstrapServers(),
                "--param",
                "model=" + MODEL,
                "--param",
                "out=" + work.resolve("out"),
                "--lake",
                work.resolve("lake").toString(),
                "--run-store",
                "jdbc:h2:file:" + work.resolve("runs"),
                "--summary-json",
                work.resolve("summary.json").toString()));
    args.addAll(List.of(more));
    return args;
  }

  Run run(List<String> args) throws Exception {
    Files.deleteIfExists(work.resolve("summary.json"));
    TestingConsole.Captured<Integer> console =
        TestingConsole.capture(() -> Main.execute(args.toArray(String[]::new)));
    Path summary = work.resolve("summary.json");
    return new Run(
        console, Files.exists(summary) ? new ObjectMapper().readTree(summary.toFile()) : null);
  }

  /** The end offsets of the ranking topic's partitions now (empty before it exists). */
  static Map<TopicPartition, Long> endOffsets() {
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer);
      return partitions.isEmpty() ? Map.of() : consumer.endOffsets(partitions);
    }
  }

  /** The page numbers of the ranking topic's messages after {@code from}. */
  static Set<Integer> pagesSince(Map<TopicPartition, Long> from) {
    Set<Integer> pages = new TreeSet<>();
    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      consumer.assign(partitions);
      partitions.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        for (ConsumerRecord<String, String> message : consumer.poll(Duration.ofMillis(500))) {
          if (message.offset() < ends.get(new TopicPartition(message.topic(), message.partition()))
              && message.key() != null) {
            pages.add(Integer.parseInt(message.key()));
          }
        }
      }
    }
    return pages;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer) {
    List<TopicPartition> partitions = new ArrayList<>();
    List<PartitionInfo> infos = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10));
    if (infos != null) {
      infos.forEach(info -> partitions.add(new TopicPartition(TOPIC, info.partition())));
    }
    return partitions;
  }

  private static KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            "false",
            ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
            "false"),
        new StringDeserializer(),
        new StringDeserializer());
  }

  static long lowLevelTwoCharacterRows(MaplePopulation population) {
    long count = 0;
    for (int p = 1; p <= population.lastPage(); p++) {
      for (RankingRow r : population.page(p)) {
        count += r.twoCharacterName() && r.characterLevel() <= MaplePopulation.LOW_LEVEL ? 1 : 0;
      }
    }
    return count;
  }

  @Test
  void theLocalProfileCrawlsScoresAndWritesTheReport() throws Exception {
    int port = freePort();
    Run run = run(args("local", port, "--param", "characters=8000"));
    assertThat(run.console().result()).as(run.console().out() + run.console().err()).isZero();
    String out = run.console().out();
    assertThat(out).contains("Started service maple_api (maplestory-api-simulator)");
    assertThat(out).contains("crawl ranking_api: 40 pages fetched (8,000 records)");

    long expectedLow = lowLevelTwoCharacterRows(MaplePopulation.generated(8_000, 42));
    assertThat(expectedLow).isPositive();
    assertThat(run.out("bronze.ranking_pages")).isEqualTo(40);
    assertThat(run.out("silver.ranking")).isEqualTo(8_000);
    assertThat(run.out("silver.low_level_names")).isEqualTo(expectedLow);
    assertThat(out).contains(String.format("%,d low-level", expectedLow));
    long names = run.out("silver.names_to_score");
    assertThat(run.step("gold.name_scores").get("rows_in").asLong()).isEqualTo(names);
    assertThat(run.out("gold.name_scores")).isEqualTo(names);
    assertThat(run.step("gold.name_scores").get("quarantined").asLong()).isZero();
    assertThat(run.out("gold.score_histogram")).isEqualTo(40); // 20 bins x 2 groups

    // the dashboard exported by the run itself (export: ${out}/report), a step of the run
    Path report = work.resolve("out").resolve("report");
    assertThat(out).contains("Wrote " + report.resolve("index.html").toAbsolutePath());
    assertThat(run.step("dashboard:names").get("status").asText()).isEqualTo("succeeded");
    assertThat(run.step("dashboard:names").get("rows_out").asLong()).isEqualTo(5); // charts
    String html = Files.readString(report.resolve("index.html"));
    assertThat(html)
        .contains("<h1>Maple nicknames</h1>")
        .contains("Recommended names by score")
        .contains("<td>low</td>")
        .doesNotContain("error[")
        .doesNotContain("<script"); // self-contained and static
    assertThat(html.split("data:image/png;base64,", -1)).hasSize(4); // three PNGs inlined
    for (String png : List.of("histogram.png", "high_scoring_share.png", "recommended_chart.png")) {
      BufferedImage image = ImageIO.read(report.resolve(png).toFile());
      assertThat(image).as(png).isNotNull();
      assertThat(image.getWidth()).isEqualTo(900);
    }

    io.sluice.examples.ConsoleShots.take(
        PIPELINE,
        new io.sluice.spec.LoadRequest(
            "local",
            java.util.Map.of("model", MODEL.toString(), "out", work.resolve("out").toString()),
            System::getenv),
        work.resolve("lake").toString(),
        "jdbc:h2:file:" + work.resolve("runs"),
        List.of(
            io.sluice.examples.ConsoleShots.Shot.of(
                "/pipelines/maple-nicknames/dashboards/names",
                "maple-dashboard.png",
                "[data-drawn]",
                2),
            io.sluice.examples.ConsoleShots.Shot.of(
                "/pipelines/maple-nicknames", "maple-pipeline.png", "svg.graph g.node", 5)));

    // a second run of the same crawl (same URL and parameters) reuses it and fetches nothing
    Run again = run(args("local", port, "--param", "characters=8000"));
    assertThat(again.console().result()).isZero();
    assertThat(again.console().out()).contains("crawl ranking_api: finished before (40 pages");
    assertThat(again.out("silver.ranking")).isEqualTo(8_000);

    // a new lake is a new crawl: the same pages already in the topic are not adopted
    List<String> fresh = args("local", port, "--param", "characters=4000");
    fresh.set(fresh.indexOf("--lake") + 1, work.resolve("lake2").toString());
    Run third = run(fresh);
    assertThat(third.console().result()).isZero();
    assertThat(third.console().out())
        .doesNotContain("resuming")
        .contains("crawl ranking_api: 20 pages fetched (4,000 records)");
    assertThat(third.out("silver.ranking")).isEqualTo(4_000);
  }

  @Test
  void injectedFaultsLoseNoPageAndDoubleNone() throws Exception {
    MaplePopulation population = MaplePopulation.generated(20_000, 42);
    try (MapleApiSimulator api =
        MapleApiSimulator.start(
            population,
            MapleApiSimulator.Settings.defaults(Set.of(KEY))
                .withPort(freePort())
                .withRate(300, 20)
                .withFaults(new MapleApiSimulator.Faults(0.05, 0.05, 0.03, 7)))) {
      Run run = run(args("external", api.port(), "--param", "rate=400"));
      assertThat(run.console().result()).as(run.console().out() + run.console().err()).isZero();
      MapleApiSimulator.Stats stats = api.stats();
      assertThat(stats.injected429()).isPositive();
      assertThat(stats.injected500()).isPositive();
      assertThat(stats.dropped()).isPositive();
      assertThat(run.out("bronze.ranking_pages")).isEqualTo(100);
      assertThat(run.out("silver.ranking")).isEqualTo(20_000);
      assertThat(run.out("silver.low_level_names")).isEqualTo(lowLevelTwoCharacterRows(population));
      assertThat(run.console().out()).containsPattern("[1-9][0-9,]* retries");
    }
  }

  /**
   * Pages parsed while the crawl runs (read back every 0.2 s) and those read after it make the same
   * rows: every page once, every character once, faults and retries included.
   */
  @Test
  void pagesParsedDuringTheCrawlAreEachReadOnce() throws Exception {
    MaplePopulation population = MaplePopulation.generated(60_000, 11); // 300 pages
    try (MapleApiSimulator api =
        MapleApiSimulator.start(
            population,
            MapleApiSimulator.Settings.defaults(Set.of(KEY))
                .withPort(freePort())
                .withRate(150, 10)
                .withFaults(new MapleApiSimulator.Faults(0.02, 0.02, 0.0, 3)))) {
      Run run = run(args("external", api.port(), "--param", "rate=150", "--param", "prefetch=0.2"));
      assertThat(run.console().result()).as(run.console().out() + run.console().err()).isZero();
      assertThat(run.console().out())
          .containsPattern("messages parsed during the crawl in [1-9][0-9]* batch");
      assertThat(run.out("bronze.ranking_pages")).isEqualTo(300);
      assertThat(run.out("silver.ranking")).isEqualTo(60_000);
      assertThat(run.out("silver.low_level_names")).isEqualTo(lowLevelTwoCharacterRows(population));
    }
  }

  @Test
  void anInvalidKeyFailsFastWithTheApisMessage() throws Exception {
    try (MapleApiSimulator api =
        MapleApiSimulator.start(
            MaplePopulation.generated(2_000, 1),
            MapleApiSimulator.Settings.defaults(Set.of("another-key")).withPort(freePort()))) {
      long started = System.nanoTime();
      Run run = run(args("external", api.port()));
      assertThat(run.console().result()).isEqualTo(Main.RUN_FAILED);
      String all = run.console().out() + run.console().err();
      assertThat(all).contains("OPENAPI00005").contains("not retried");
      assertThat(all).doesNotContain(KEY);
      assertThat(api.stats().requests()).isLessThanOrEqualTo(8); // one per worker at most
      assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(60));
    }
  }

  @Test
  void aKilledCrawlResumesWithoutFetchingFinishedPagesAgain() throws Exception {
    MaplePopulation population = MaplePopulation.generated(160_000, 5); // 800 pages
    try (MapleApiSimulator api =
        MapleApiSimulator.start(
            population,
            MapleApiSimulator.Settings.defaults(Set.of(KEY)).withPort(freePort()).withRate(0, 1))) {
      List<String> args = args("external", api.port(), "--param", "rate=60");
      Map<TopicPartition, Long> topicBefore = endOffsets();
      Path log = work.resolve("killed.log");
      Process child =
          ChildJvm.start(work, Main.class.getName(), args.subList(0, args.size()), Map.of(), log);
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (api.stats().pagesServed() < 200 && System.nanoTime() < deadline) {
          assertThat(child.isAlive()).as(Files.readString(log)).isTrue();
          Thread.sleep(100);
        }
        assertThat(api.stats().pagesServed()).as(Files.readString(log)).isGreaterThanOrEqualTo(200);
      } finally {
        child.destroyForcibly(); // kill -9: no shutdown hook, no flush
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      Map<Integer, Integer> servedAtKill = api.serveCounts();
      assertThat(servedAtKill.size()).isLessThan(800);
      // What was acknowledged, or at least written, before the kill: the pages whose message is in
      // the topic. The rest of what the API served was in flight (being fetched, or in the
      // producer's buffers) and may be fetched again; nothing that landed may be.
      Set<Integer> landed = pagesSince(topicBefore);
      Set<Integer> inFlight = new TreeSet<>(servedAtKill.keySet());
      inFlight.removeAll(landed);
      assertThat(servedAtKill.keySet()).containsAll(landed);

      // the rest at 200 pages/s, read back every 0.25 s: the earlier attempt's pages come from
      // Kafka, most of this attempt's from the prefetched files, the last ones from Kafka again
      Run resumed =
          run(args("external", api.port(), "--param", "rate=200", "--param", "prefetch=0.25"));
      assertThat(resumed.console().result())
          .as(resumed.console().out() + resumed.console().err())
          .isZero();
      assertThat(resumed.console().out())
          .containsPattern("resuming, [0-9,]+ pages already fetched");
      MapleApiSimulator.Stats stats = api.stats();
      assertThat(stats.pagesServed()).isEqualTo(800);
      Set<Integer> fetchedAgain = new TreeSet<>();
      api.serveCounts()
          .forEach(
              (page, count) -> {
                if (count > servedAtKill.getOrDefault(page, count)) {
                  fetchedAgain.add(page);
                }
              });
      String counted =
          String.format(
              "served at the kill %d, landed in Kafka %d, in flight %d, fetched again %d",
              servedAtKill.size(), landed.size(), inFlight.size(), fetchedAgain.size());
      System.out.println("aKilledCrawlResumes: " + counted);
      assertThat(fetchedAgain).as(counted).doesNotContainAnyElementsOf(landed);
      assertThat(inFlight).as(counted).containsAll(fetchedAgain);
      assertThat(resumed.console().out())
          .containsPattern("messages parsed during the crawl in [1-9][0-9]* batch");
      assertThat(resumed.out("bronze.ranking_pages")).isEqualTo(800);
      assertThat(resumed.out("silver.ranking")).isEqualTo(160_000);
      assertThat(resumed.out("silver.low_level_names"))
          .isEqualTo(lowLevelTwoCharacterRows(population));
    }
  }

  @Test
  void theRealNamesAreEveryOneFoundAndScored() throws Exception {
    Path names = SharedData.require("maple/low_level_data.csv");
    Path high = names.resolveSibling("high-level-data.csv");
    MaplePopulation population =
        MaplePopulation.fromNames(
            names, Files.exists(high) ? Optional.of(high) : Optional.empty(), 42);
    // the first 30 pages (high-level names) and 300 pages of real low-level names
    String pages = "1-30,2000-2299";
    long expectedLow = 0;
    for (int p : List.of(1, 2000)) {
      for (int q = p; q < p + (p == 1 ? 30 : 300); q++) {
        for (RankingRow r : population.page(q)) {
          expectedLow +=
              r.twoCharacterName() && r.characterLevel() <= MaplePopulation.LOW_LEVEL ? 1 : 0;
        }
      }
    }
    Run run =
        run(args("local", freePort(), "--param", "names=" + names, "--param", "pages=" + pages));
    assertThat(run.console().result()).as(run.console().out() + run.console().err()).isZero();
    assertThat(run.out("bronze.ranking_pages")).isEqualTo(330);
    assertThat(run.out("silver.low_level_names")).isEqualTo(expectedLow);
    assertThat(run.console().out()).contains(String.format("%,d low-level", expectedLow));
    assertThat(run.out("gold.name_scores")).isEqualTo(run.out("silver.names_to_score"));
  }
}
