package io.sluice.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crawl loop against a small local API: ranges, the end, retries, fail-fast and resume. */
class CrawlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path work;
  private HttpServer server;
  private final Map<Integer, AtomicInteger> hits = new ConcurrentHashMap<>();

  /** An API of {@code pages} pages of 3 records; {@code fault} may answer a page differently. */
  private String start(int pages, IntFunction<int[]> fault) throws IOException {
    server =
        HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext(
        "/items",
        exchange -> {
          String query = exchange.getRequestURI().getQuery();
          int page = Integer.parseInt(query.replaceAll(".*page=(\\d+).*", "$1"));
          int hit = hits.computeIfAbsent(page, p -> new AtomicInteger()).incrementAndGet();
          if (!"secret".equals(exchange.getRequestHeaders().getFirst("x-key"))) {
            answer(exchange, 400, "{\"error\":{\"name\":\"E5\",\"message\":\"invalid key\"}}");
            return;
          }
          int[] f = fault.apply(page);
          if (f != null && hit <= f[1]) {
            if (f[0] == 0) {
              exchange.getResponseBody().close(); // no answer: a dropped connection
              exchange.close();
              return;
            }
            if (f[0] == 429) {
              exchange.getResponseHeaders().add("Retry-After", "0");
            }
            answer(exchange, f[0], "{\"error\":{\"name\":\"E" + f[0] + "\",\"message\":\"x\"}}");
            return;
          }
          StringBuilder body = new StringBuilder("{\"data\":{\"items\":[");
          if (page <= pages) {
            for (int i = 0; i < 3; i++) {
              body.append(i == 0 ? "" : ",").append("{\"n\":").append(page * 10 + i).append('}');
            }
          }
          answer(exchange, 200, body.append("]}}").toString());
        });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/items";
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private Crawler.Summary crawl(String url, String pages, String key, int maxRetries, Path state)
      throws InterruptedException {
    ApiClient client =
        new ApiClient(
            url,
            Map.of("date", "2024-07-31"),
            Map.of("x-key", key),
            "page",
            List.of("data", "items"),
            new RateLimiter(0, 1),
            maxRetries,
            Duration.ofSeconds(5));
    try (CrawlCheckpoint checkpoint = new CrawlCheckpoint(state);
        FilePageSink sink = new FilePageSink(state)) {
      sink.recover(checkpoint, PageRanges.parse(pages));
      return new Crawler(
              "test", client, PageRanges.parse(pages), "items", 4, sink, checkpoint, line -> {})
          .run();
    }
  }

  private List<Long> stagedPages(Path state) throws IOException {
    List<Long> pages = new ArrayList<>();
    for (String line : Files.readAllLines(state.resolve("pages.jsonl"))) {
      JsonNode node = JSON.readTree(line);
      assertThat(node.get("items")).hasSize(3);
      pages.add(node.get("page").asLong());
    }
    return pages;
  }

  @Test
  void anOpenRangeEndsAtTheFirstEmptyPageAndAClosedOneIsFetchedWhole() throws Exception {
    String url = start(40, page -> null);
    Path state = work.resolve("a");
    Crawler.Summary summary = crawl(url, "3-5,20-", "secret", 3, state);
    assertThat(summary.fetched()).isEqualTo(3 + 21);
    assertThat(summary.records()).isEqualTo(24 * 3);
    assertThat(stagedPages(state))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.LongStream.concat(
                    java.util.stream.LongStream.rangeClosed(3, 5),
                    java.util.stream.LongStream.rangeClosed(20, 40))
                .boxed()
                .toList());
    assertThat(hits).doesNotContainKeys(1, 2, 6, 19);
  }

  @Test
  void errorsThatGoAwayAreRetriedAndNoPageIsLostOrDoubled() throws Exception {
    // page 2: two 500s; page 3: a 429 with Retry-After; page 4: a dropped connection twice
    String url =
        start(
            12,
            page ->
                switch (page) {
                  case 2 -> new int[] {500, 2};
                  case 3 -> new int[] {429, 1};
                  case 4 -> new int[] {0, 2};
                  case 5 -> new int[] {503, 1};
                  default -> null;
                });
    Path state = work.resolve("b");
    Crawler.Summary summary = crawl(url, "1-", "secret", 5, state);
    List<Long> pages = stagedPages(state);
    assertThat(pages).hasSize(12).doesNotHaveDuplicates();
    // 2 + 1 + 2 + 1 failures; the JDK client itself retries a GET once after a dropped connection
    assertThat(summary.retries()).isBetween(5L, 6L);
    assertThat(hits.get(2).get()).isEqualTo(3);
    assertThat(hits.get(4).get()).isEqualTo(3);
  }

  @Test
  void anInvalidKeyFailsAtOnceWithTheApisMessage() throws Exception {
    String url = start(5, page -> null);
    assertThatThrownBy(() -> crawl(url, "1-", "wrong", 5, work.resolve("c")))
        .isInstanceOf(CrawlException.class)
        .hasMessageContaining("answered HTTP 400 E5: invalid key")
        .hasMessageContaining("not retried")
        .hasMessageNotContaining("wrong"); // the key itself is never shown
    assertThat(hits.values().stream().mapToInt(AtomicInteger::get).max().orElse(0)).isEqualTo(1);
  }

  @Test
  void aStoppedCrawlResumesWithoutFetchingFinishedPagesAgain() throws Exception {
    // page 7 keeps failing: the first crawl gives up after its retries
    AtomicInteger failures = new AtomicInteger(1_000);
    String url = start(10, page -> page == 7 && failures.get() > 0 ? new int[] {500, 1_000} : null);
    Path state = work.resolve("d");
    assertThatThrownBy(() -> crawl(url, "1-10", "secret", 1, state))
        .isInstanceOf(CrawlException.class)
        .hasMessageContaining("failed 2 times")
        .hasMessageContaining("run again to continue");
    List<Long> first = stagedPages(state);
    assertThat(first).doesNotContain(7L);
    Map<Integer, Integer> before = new java.util.HashMap<>();
    hits.forEach((page, count) -> before.put(page, count.get()));

    failures.set(0);
    Crawler.Summary second = crawl(url, "1-10", "secret", 1, state);
    assertThat(second.skipped()).isEqualTo(first.size());
    assertThat(stagedPages(state))
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    for (long page : first) {
      assertThat(hits.get((int) page).get())
          .as("page %d fetched again", page)
          .isEqualTo(before.get((int) page));
    }
  }
}
