package io.sluice.examples.maple;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.testing.SharedData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MapleApiSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static MapleApiSimulator simulator;

  @BeforeAll
  static void start() {
    simulator =
        MapleApiSimulator.start(
            MaplePopulation.generated(3_000, 7),
            MapleApiSimulator.Settings.defaults(Set.of("good-key"))
                .withForbiddenKeys(Set.of("other-api-key")));
  }

  @AfterAll
  static void stop() {
    simulator.close();
  }

  private static HttpResponse<String> get(MapleApiSimulator sim, String query, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(sim.url() + MapleApiSimulator.PATH + "?" + query))
            .header("accept", "application/json");
    if (key != null) {
      request.header("x-nxopen-api-key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesPagesOf200RowsOrderedByLevelThenExperience() throws Exception {
    HttpResponse<String> response = get(simulator, "date=2024-07-31&page=2", "good-key");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode ranking = JSON.readTree(response.body()).get("ranking");
    assertThat(ranking).hasSize(200);
    JsonNode first = ranking.get(0);
    assertThat(first.get("ranking").asLong()).isEqualTo(201);
    assertThat(first.get("date").asText()).isEqualTo("2024-07-31T00:00+09:00");
    List<String> fields =
        List.of(
            "date",
            "ranking",
            "character_name",
            "world_name",
            "class_name",
            "sub_class_name",
            "character_level",
            "character_exp",
            "character_popularity",
            "character_guildname");
    assertThat(first.fieldNames()).toIterable().containsExactlyElementsOf(fields);
    for (int i = 1; i < ranking.size(); i++) {
      JsonNode a = ranking.get(i - 1);
      JsonNode b = ranking.get(i);
      int levelA = a.get("character_level").asInt();
      int levelB = b.get("character_level").asInt();
      assertThat(levelA).isGreaterThanOrEqualTo(levelB);
      if (levelA == levelB) {
        assertThat(a.get("character_exp").asLong())
            .isGreaterThanOrEqualTo(b.get("character_exp").asLong());
      }
      assertThat(b.get("ranking").asLong()).isEqualTo(a.get("ranking").asLong() + 1);
    }
    // the same page twice is the same page
    assertThat(get(simulator, "date=2024-07-31&page=2", "good-key").body())
        .isEqualTo(response.body());
  }

  @Test
  void pastTheLastPageTheRankingIsEmpty() throws Exception {
    HttpResponse<String> last = get(simulator, "date=2024-07-31&page=15", "good-key");
    assertThat(JSON.readTree(last.body()).get("ranking")).hasSize(200);
    HttpResponse<String> past = get(simulator, "date=2024-07-31&page=16", "good-key");
    assertThat(past.statusCode()).isEqualTo(200);
    assertThat(past.body()).isEqualTo("{\"ranking\":[]}");
  }

  @Test
  void errorsCarryTheApiCodesAndStatuses() throws Exception {
    assertError(get(simulator, "date=2024-07-31", null), 400, "OPENAPI00005");
    assertError(get(simulator, "date=2024-07-31", "wrong-key"), 400, "OPENAPI00005");
    assertError(get(simulator, "date=2024-07-31", "other-api-key"), 403, "OPENAPI00002");
    assertError(get(simulator, "date=31-07-2024", "good-key"), 400, "OPENAPI00004");
    assertError(get(simulator, "page=1", "good-key"), 400, "OPENAPI00004");
    assertError(get(simulator, "date=2024-07-31&world_type=7", "good-key"), 400, "OPENAPI00004");
    assertError(get(simulator, "date=2023-01-01", "good-key"), 400, "OPENAPI00009");
    assertError(get(simulator, "date=2024-07-31&ocid=nope", "good-key"), 400, "OPENAPI00003");
    HttpResponse<String> path =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(simulator.url() + "/maplestory/v1/nothing"))
                .header("x-nxopen-api-key", "good-key")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertError(path, 400, "OPENAPI00006");
  }

  @Test
  void aWorldOrClassHasItsOwnRankingOfFullPages() throws Exception {
    // the overall ranking, read in full, is what each filtered ranking must be a part of
    List<JsonNode> overall = new java.util.ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode rows =
          JSON.readTree(get(simulator, "date=2024-07-31&page=" + page, "good-key").body())
              .get("ranking");
      if (rows.isEmpty()) {
        break;
      }
      rows.forEach(overall::add);
    }
    assertThat(overall).hasSize(3_000);
    String world = overall.get(0).get("world_name").asText();
    JsonNode sample = overall.get(1);
    String cls = sample.get("class_name").asText() + "-" + sample.get("sub_class_name").asText();
    for (String filter :
        List.of(
            "world_name="
                + java.net.URLEncoder.encode(world, java.nio.charset.StandardCharsets.UTF_8),
            "class=" + java.net.URLEncoder.encode(cls, java.nio.charset.StandardCharsets.UTF_8),
            "world_type=1")) {
      List<String> expected =
          overall.stream()
              .filter(
                  r ->
                      filter.startsWith("world_name")
                          ? r.get("world_name").asText().equals(world)
                          : filter.startsWith("class")
                              ? (r.get("class_name").asText()
                                      + "-"
                                      + r.get("sub_class_name").asText())
                                  .equals(cls)
                              : List.of("에오스", "핼리오스").contains(r.get("world_name").asText()))
              .map(r -> r.get("character_name").asText() + "@" + r.get("character_exp").asText())
              .toList();
      assertThat(expected).as(filter).isNotEmpty();
      List<String> served = new java.util.ArrayList<>();
      int pages = 0;
      for (int page = 1; ; page++) {
        JsonNode rows =
            JSON.readTree(
                    get(simulator, "date=2024-07-31&" + filter + "&page=" + page, "good-key")
                        .body())
                .get("ranking");
        if (rows.isEmpty()) {
          break;
        }
        pages++;
        for (int i = 0; i < rows.size(); i++) {
          JsonNode r = rows.get(i);
          assertThat(r.get("ranking").asLong()).as(filter).isEqualTo((page - 1) * 200L + i + 1);
          served.add(r.get("character_name").asText() + "@" + r.get("character_exp").asText());
        }
        if (served.size() < expected.size()) {
          assertThat(rows).as("%s page %d is full", filter, page).hasSize(200);
        }
      }
      // every character of the filter once, in the overall order, and no empty page before the end
      assertThat(served).as(filter).containsExactlyElementsOf(expected);
      assertThat(pages).isEqualTo((expected.size() + 199) / 200);
    }
  }

  @Test
  void anOcidFindsItsCharacter() throws Exception {
    HttpResponse<String> response =
        get(simulator, "date=2024-07-31&ocid=" + MapleApiSimulator.Ocid.of(777), "good-key");
    JsonNode ranking = JSON.readTree(response.body()).get("ranking");
    assertThat(ranking).hasSize(1);
    assertThat(ranking.get(0).get("ranking").asLong()).isEqualTo(777);
  }

  @Test
  void maintenanceAndTheRateLimitAnswerLikeTheApi() throws Exception {
    try (MapleApiSimulator down =
        MapleApiSimulator.start(
            MaplePopulation.generated(400, 1),
            MapleApiSimulator.Settings.defaults(Set.of("k"))
                .withMaintenance(MapleApiSimulator.ApiError.API_MAINTENANCE))) {
      assertError(get(down, "date=2024-07-31", "k"), 503, "OPENAPI00011");
    }
    try (MapleApiSimulator limited =
        MapleApiSimulator.start(
            MaplePopulation.generated(400, 1),
            MapleApiSimulator.Settings.defaults(Set.of("k")).withRate(5, 2))) {
      int ok = 0;
      int limitedCount = 0;
      for (int i = 0; i < 10; i++) {
        HttpResponse<String> r = get(limited, "date=2024-07-31&page=1", "k");
        if (r.statusCode() == 429) {
          assertError(r, 429, "OPENAPI00007");
          assertThat(r.headers().firstValue("Retry-After")).isEmpty();
          limitedCount++;
        } else {
          ok++;
        }
      }
      assertThat(ok).isBetween(2, 4);
      assertThat(limitedCount).isEqualTo(10 - ok);
      assertThat(limited.stats().rateLimited()).isEqualTo(limitedCount);
    }
  }

  @Test
  void generatedNamesFollowTheOriginalsShares() {
    MaplePopulation population = MaplePopulation.generated(40_000, 42);
    long high = 0;
    long highTwo = 0;
    long low = 0;
    long lowTwo = 0;
    for (int p = 1; p <= population.lastPage(); p++) {
      for (RankingRow r : population.page(p)) {
        if (r.characterLevel() > MaplePopulation.LOW_LEVEL) {
          high++;
          highTwo += r.twoCharacterName() ? 1 : 0;
        } else {
          low++;
          lowTwo += r.twoCharacterName() ? 1 : 0;
        }
      }
    }
    assertThat(high + low).isEqualTo(40_000);
    assertThat((double) highTwo / high).isBetween(0.47, 0.53);
    assertThat((double) lowTwo / low).isBetween(0.04, 0.06);
  }

  @Test
  void theRealNamesAreServedWithTheirLevels() throws IOException {
    Path low = SharedData.require("maple/low_level_data.csv");
    Path highFile = low.resolveSibling("high-level-data.csv");
    MaplePopulation population =
        MaplePopulation.fromNames(
            low, Files.exists(highFile) ? Optional.of(highFile) : Optional.empty(), 42);
    long lowTwo = 0;
    long rows = 0;
    for (int p = 1; p <= population.lastPage(); p++) {
      List<RankingRow> page = population.page(p);
      rows += page.size();
      for (RankingRow r : page) {
        if (r.twoCharacterName() && r.characterLevel() <= MaplePopulation.LOW_LEVEL) {
          lowTwo++;
        }
      }
    }
    long fileRows =
        Files.readAllLines(low).stream()
            .filter(l -> !l.isBlank())
            .map(l -> l.split(",", 3))
            .filter(f -> Integer.parseInt(f[1]) <= 61 && f[2].codePointCount(0, f[2].length()) == 2)
            .count();
    assertThat(lowTwo).isEqualTo(fileRows);
    assertThat(rows).isEqualTo((long) population.lastPage() * MaplePopulation.PAGE_SIZE);
    assertThat(population.page(population.lastPage() + 1)).isEmpty();
  }

  private static void assertError(HttpResponse<String> response, int status, String code)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertThat(error.get("name").asText()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
  }
}
