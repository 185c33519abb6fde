package io.sluice.examples.maple;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for the MapleStory Open API's {@code GET /maplestory/v1/ranking/overall}: the
 * same parameters, the {@code x-nxopen-api-key} header, 200 rows a page ordered by level then
 * experience, an empty {@code ranking} array past the last page, the API's error bodies {@code
 * {"error":{"name":"OPENAPI000NN","message":...}}} with their statuses, a rate limit, and injected
 * faults (429s, 500s, dropped connections) for tests. {@code GET /simulator/stats} tells what it
 * served: every page counted once however often it was fetched.
 */
public final class MapleApiSimulator implements AutoCloseable {
  public static final String PATH = "/maplestory/v1/ranking/overall";
  static final LocalDate FIRST_DATE = LocalDate.of(2023, 12, 22);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  /** The API's error codes with their HTTP statuses. */
  public enum ApiError {
    INTERNAL("OPENAPI00001", 500, "서버 내부 오류 (internal server error)"),
    ACCESS_DENIED("OPENAPI00002", 403, "권한이 없는 경우 (access denied)"),
    INVALID_IDENTIFIER("OPENAPI00003", 400, "유효하지 않은 식별자 (invalid identifier)"),
    BAD_PARAMETER("OPENAPI00004", 400, "파라미터 누락 또는 유효하지 않음 (missing or invalid parameter)"),
    INVALID_KEY("OPENAPI00005", 400, "유효하지 않은 API KEY (invalid API key)"),
    INVALID_PATH("OPENAPI00006", 400, "유효하지 않은 게임 또는 API PATH (invalid game or API path)"),
    RATE_LIMIT("OPENAPI00007", 429, "API 호출량 초과 (too many requests)"),
    DATA_NOT_READY("OPENAPI00009", 400, "데이터 준비 중 (data not ready)"),
    GAME_MAINTENANCE("OPENAPI00010", 400, "게임 점검 중 (game under maintenance)"),
    API_MAINTENANCE("OPENAPI00011", 503, "API 점검 중 (API under maintenance)");

    final String code;
    final int status;
    final String message;

    ApiError(String code, int status, String message) {
      this.code = code;
      this.status = status;
      this.message = message;
    }

    public String code() {
      return code;
    }

    public int status() {
      return status;
    }
  }

  /**
   * Faults injected into otherwise good requests, each a probability per request: a 429
   * (OPENAPI00007), a 500 (OPENAPI00001), or a connection closed without an answer.
   */
  public record Faults(double tooManyRequests, double serverErrors, double dropped, long seed) {
    public static Faults none() {
      return new Faults(0, 0, 0, 1);
    }
  }

  /** How the simulator listens and behaves; {@code requestsPerSecond} 0 means no limit. */
  public record Settings(
      String host,
      int port,
      Set<String> apiKeys,
      Set<String> forbiddenKeys,
      double requestsPerSecond,
      int burst,
      Faults faults,
      Optional<ApiError> maintenance) {
    public Settings {
      apiKeys = Set.copyOf(apiKeys);
      forbiddenKeys = Set.copyOf(forbiddenKeys);
    }

    public static Settings defaults(Set<String> apiKeys) {
      return new Settings("127.0.0.1", 0, apiKeys, Set.of(), 0, 1, Faults.none(), Optional.empty());
    }

    public Settings withRate(double perSecond, int burstSize) {
      return new Settings(
          host, port, apiKeys, forbiddenKeys, perSecond, burstSize, faults, maintenance);
    }

    public Settings withFaults(Faults value) {
      return new Settings(
          host, port, apiKeys, forbiddenKeys, requestsPerSecond, burst, value, maintenance);
    }

    public Settings withPort(int value) {
      return new Settings(
          host, value, apiKeys, forbiddenKeys, requestsPerSecond, burst, faults, maintenance);
    }

    public Settings withForbiddenKeys(Set<String> value) {
      return new Settings(
          host, port, apiKeys, value, requestsPerSecond, burst, faults, maintenance);
    }

    public Settings withMaintenance(ApiError value) {
      return new Settings(
          host, port, apiKeys, forbiddenKeys, requestsPerSecond, burst, faults, Optional.of(value));
    }
  }

  /** What was served, each page counted once. */
  public record Stats(
      long requests,
      long pagesServed,
      long rowsServed,
      long lowLevelTwoCharacterRows,
      long highLevelTwoCharacterRows,
      long rateLimited,
      long injected429,
      long injected500,
      long dropped,
      long refetchedPages) {}

  private final MaplePopulation population;

  /** The rankings of a world, world type or class asked for so far, by their filter. */
  private final Map<String, MaplePopulation.Filtered> rankings = new ConcurrentHashMap<>();

  private final Settings settings;
  private final Javalin app;
  private final Map<Integer, int[]> served = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong injected429 = new AtomicLong();
  private final AtomicLong injected500 = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong refetched = new AtomicLong();
  private final Map<Integer, Integer> serveCounts = new ConcurrentHashMap<>();
  private final SplittableRandom faultRandom;
  private double tokens;
  private long lastRefill = System.nanoTime();

  private MapleApiSimulator(MaplePopulation population, Settings settings) {
    this.population = population;
    this.settings = settings;
    this.faultRandom = new SplittableRandom(settings.faults().seed());
    this.tokens = Math.max(1, settings.burst());
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
            });
    app.get(PATH, this::ranking);
    app.get("/simulator/stats", ctx -> ctx.json(stats()));
    app.error(404, ctx -> error(ctx, ApiError.INVALID_PATH, "no such API: " + ctx.path()));
  }

  /** Starts the simulator serving {@code population}. */
  public static MapleApiSimulator start(MaplePopulation population, Settings settings) {
    MapleApiSimulator simulator = new MapleApiSimulator(population, settings);
    simulator.app.start(settings.host(), settings.port());
    return simulator;
  }

  public int port() {
    return app.port();
  }

  /** The base URL, such as {@code http://127.0.0.1:18480}. */
  public String url() {
    return "http://" + settings.host() + ":" + port();
  }

  public MaplePopulation population() {
    return population;
  }

  public Stats stats() {
    long rows = 0;
    long low = 0;
    long high = 0;
    for (int[] page : served.values()) {
      rows += page[0];
      low += page[1];
      high += page[2];
    }
    return new Stats(
        requests.get(),
        served.size(),
        rows,
        low,
        high,
        rateLimited.get(),
        injected429.get(),
        injected500.get(),
        dropped.get(),
        refetched.get());
  }

  /** How often each page was served so far, by page number. */
  public Map<Integer, Integer> serveCounts() {
    return Map.copyOf(serveCounts);
  }

  @Override
  public void close() {
    app.stop();
  }

  // ------------------------------------------------------------------ the API

  private void ranking(Context ctx) throws IOException {
    requests.incrementAndGet();
    String key = ctx.header("x-nxopen-api-key");
    if (key == null || key.isBlank()) {
      error(ctx, ApiError.INVALID_KEY, "the x-nxopen-api-key header is missing");
      return;
    }
    if (settings.forbiddenKeys().contains(key)) {
      error(ctx, ApiError.ACCESS_DENIED, "this API key may not call " + PATH);
      return;
    }
    if (!settings.apiKeys().contains(key)) {
      error(ctx, ApiError.INVALID_KEY, "the API key is not valid");
      return;
    }
    if (settings.maintenance().isPresent()) {
      error(ctx, settings.maintenance().get(), "please try again after the maintenance");
      return;
    }
    if (!takeToken()) {
      // No Retry-After: the bucket refills in milliseconds, and a whole second would stall every
      // client worker (the injected 429s below carry one, to test that clients honour it).
      rateLimited.incrementAndGet();
      error(ctx, ApiError.RATE_LIMIT, "the rate limit of this key is exceeded");
      return;
    }
    switch (fault()) {
      case 1 -> {
        injected429.incrementAndGet();
        ctx.header("Retry-After", "1");
        error(ctx, ApiError.RATE_LIMIT, "the rate limit of this key is exceeded (injected)");
        return;
      }
      case 2 -> {
        injected500.incrementAndGet();
        error(ctx, ApiError.INTERNAL, "internal error (injected)");
        return;
      }
      case 3 -> {
        dropped.incrementAndGet();
        org.eclipse.jetty.server.Request.getBaseRequest(ctx.req())
            .getHttpChannel()
            .getEndPoint()
            .close();
        return;
      }
      default -> {
        // no fault
      }
    }
    String dateText = ctx.queryParam("date");
    if (dateText == null || dateText.isBlank()) {
      error(ctx, ApiError.BAD_PARAMETER, "date is required (YYYY-MM-DD)");
      return;
    }
    LocalDate date;
    try {
      date = LocalDate.parse(dateText);
    } catch (DateTimeParseException e) {
      error(ctx, ApiError.BAD_PARAMETER, "date must be YYYY-MM-DD, was '" + dateText + "'");
      return;
    }
    if (date.isBefore(FIRST_DATE) || date.isAfter(LocalDate.now(ZoneId.of("Asia/Seoul")))) {
      error(
          ctx,
          ApiError.DATA_NOT_READY,
          "rankings exist from " + FIRST_DATE + " to yesterday (KST); asked for " + date);
      return;
    }
    int page;
    try {
      page = Integer.parseInt(Optional.ofNullable(ctx.queryParam("page")).orElse("1"));
    } catch (NumberFormatException e) {
      error(ctx, ApiError.BAD_PARAMETER, "page must be a whole number");
      return;
    }
    if (page < 1) {
      error(ctx, ApiError.BAD_PARAMETER, "page must be 1 or more");
      return;
    }
    String worldType = ctx.queryParam("world_type");
    if (worldType != null && !worldType.equals("0") && !worldType.equals("1")) {
      error(ctx, ApiError.BAD_PARAMETER, "world_type must be 0 or 1");
      return;
    }
    String ocid = ctx.queryParam("ocid");
    String world = ctx.queryParam("world_name");
    String cls = ctx.queryParam("class");
    boolean byPart = world != null || worldType != null || cls != null;
    java.util.function.Predicate<RankingRow> keep =
        r ->
            (world == null || r.worldName().equals(world))
                && (world != null
                    || worldType == null
                    || worldType.equals(eosOrHelios(r.worldName()) ? "1" : "0"))
                && (cls == null || (r.className() + "-" + r.subClassName()).equals(cls));
    List<RankingRow> rows;
    boolean filtered = byPart;
    if (ocid != null) {
      Optional<Long> rank = Ocid.rank(ocid);
      if (rank.isEmpty()) {
        error(ctx, ApiError.INVALID_IDENTIFIER, "unknown ocid '" + ocid + "'");
        return;
      }
      int ocidPage = (int) ((rank.get() - 1) / MaplePopulation.PAGE_SIZE + 1);
      rows =
          population.page(ocidPage).stream()
              .filter(r -> r.ranking() == rank.get())
              .filter(keep)
              .toList();
      filtered = true;
    } else if (byPart) {
      // a world's (or class's) own ranking: its pages of 200, ranked from 1 within it
      rows =
          rankings
              .computeIfAbsent(
                  world + "\u0000" + (world == null ? worldType : null) + "\u0000" + cls,
                  k -> population.filtered(keep))
              .page(page);
    } else {
      rows = population.page(page);
    }
    if (!filtered && !rows.isEmpty()) {
      count(page, rows);
    }
    ctx.status(200).contentType("application/json").result(body(date, rows));
  }

  private static boolean eosOrHelios(String world) {
    return world.equals("에오스") || world.equals("핼리오스");
  }

  private void count(int page, List<RankingRow> rows) {
    int low = 0;
    int high = 0;
    for (RankingRow r : rows) {
      if (r.twoCharacterName()) {
        if (r.characterLevel() <= MaplePopulation.LOW_LEVEL) {
          low++;
        } else {
          high++;
        }
      }
    }
    if (served.putIfAbsent(page, new int[] {rows.size(), low, high}) != null) {
      refetched.incrementAndGet();
    }
    serveCounts.merge(page, 1, Integer::sum);
  }

  private synchronized boolean takeToken() {
    if (settings.requestsPerSecond() <= 0) {
      return true;
    }
    long now = System.nanoTime();
    tokens =
        Math.min(
            Math.max(1, settings.burst()),
            tokens + (now - lastRefill) / 1e9 * settings.requestsPerSecond());
    lastRefill = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** 0 none, 1 a 429, 2 a 500, 3 a dropped connection. */
  private synchronized int fault() {
    Faults f = settings.faults();
    double x = faultRandom.nextDouble();
    if (x < f.tooManyRequests()) {
      return 1;
    }
    if (x < f.tooManyRequests() + f.serverErrors()) {
      return 2;
    }
    if (x < f.tooManyRequests() + f.serverErrors() + f.dropped()) {
      return 3;
    }
    return 0;
  }

  private static byte[] body(LocalDate date, List<RankingRow> rows) {
    String dateText = date + "T00:00+09:00";
    ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 260 + 32);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("ranking");
      for (RankingRow r : rows) {
        g.writeStartObject();
        g.writeStringField("date", dateText);
        g.writeNumberField("ranking", r.ranking());
        g.writeStringField("character_name", r.characterName());
        g.writeStringField("world_name", r.worldName());
        g.writeStringField("class_name", r.className());
        g.writeStringField("sub_class_name", r.subClassName());
        g.writeNumberField("character_level", r.characterLevel());
        g.writeNumberField("character_exp", r.characterExp());
        g.writeNumberField("character_popularity", r.characterPopularity());
        g.writeStringField("character_guildname", r.characterGuildname());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void error(Context ctx, ApiError error, String detail) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("name", error.code).put("message", error.message + ": " + detail);
    ctx.status(error.status).contentType("application/json").result(body.toString());
  }

  /** Character identifiers that encode the rank (and are checked), so any rank has one. */
  public static final class Ocid {
    private static final long KEY = 0x5DEECE66DL;

    private Ocid() {}

    public static String of(long rank) {
      return String.format(Locale.ROOT, "%016x%016x", rank ^ KEY, mix(rank));
    }

    static Optional<Long> rank(String ocid) {
      if (ocid.length() != 32) {
        return Optional.empty();
      }
      try {
        long rank = Long.parseUnsignedLong(ocid.substring(0, 16), 16) ^ KEY;
        return rank > 0 && Long.parseUnsignedLong(ocid.substring(16), 16) == mix(rank)
            ? Optional.of(rank)
            : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    private static long mix(long x) {
      x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
      x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
      return x ^ (x >>> 31);
    }
  }
}
