package io.sluice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice replay FILE --to URL --stream NAME}: posts each CSV or JSON-lines row as a JSON
 * record to an ingest endpoint, in batches, at a rate, retrying safely with an Idempotency-Key per
 * batch; prints progress and sent/acked/failed counts.
 */
@Command(
    name = "replay",
    description =
        "Post each row of a CSV or JSON-lines file as JSON to an ingest endpoint (what a device or"
            + " data generator does), with retries that never write a batch twice.")
final class ReplayCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "A CSV (with header) or JSON-lines file.")
  Path file;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "URL",
      description = "The endpoint, such as http://127.0.0.1:8080.")
  String url;

  @Option(
      names = "--stream",
      required = true,
      paramLabel = "NAME",
      description = "The stream to post to.")
  String stream;

  @Option(
      names = "--rate",
      paramLabel = "N",
      defaultValue = "0",
      description = "At most N records per second (default: as fast as acknowledged).")
  double rate;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "500",
      description = "Records per request (default: ${DEFAULT-VALUE}; 1 sends single records).")
  int batch;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "4",
      description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(
      names = "--api-key-env",
      paramLabel = "VAR",
      description = "The environment variable that holds the stream's API key.")
  String apiKeyEnv;

  @Option(
      names = "--api-key-file",
      paramLabel = "PATH",
      description = "A file that holds the stream's API key (its first line).")
  Path apiKeyFile;

  @Option(
      names = "--retries",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Attempts per batch on 429, 5xx and connection errors (default: ${DEFAULT-VALUE}).")
  int retries;

  @Option(
      names = "--snake-case",
      description =
          "Send CSV header names in snake_case ('duration (seconds)' -> duration_seconds), as the file connector's normalize_names does.")
  boolean snakeCase;

  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE, "Cannot replay " + file + ": no such file");
    }
    String apiKey = apiKey();
    URI target = URI.create(url.replaceAll("/+$", "") + "/v1/streams/" + stream + "/records");
    String run = UUID.randomUUID().toString().substring(0, 8);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, concurrency));
    long started = System.nanoTime();
    List<Future<?>> pending = new ArrayList<>();
    String fatal = null;
    try (Rows rows = open(file)) {
      long batchIndex = 0;
      List<JsonNode> current = new ArrayList<>(batch);
      long nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      while (rows.hasNext() || !current.isEmpty()) {
        if (rows.hasNext()) {
          current.add(rows.next());
        }
        if (current.size() < Math.max(1, batch) && rows.hasNext()) {
          continue;
        }
        pace(started);
        String key = run + "-" + batchIndex++;
        List<JsonNode> records = current;
        current = new ArrayList<>(batch);
        sent.addAndGet(records.size());
        pending.add(pool.submit(() -> post(http, target, apiKey, key, records)));
        while (pending.size() >= Math.max(1, concurrency) * 2) {
          fatal = fatal != null ? fatal : (String) pending.remove(0).get();
        }
        if (fatal != null) {
          break;
        }
        if (System.nanoTime() > nextReport) {
          report(started, false);
          nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        }
      }
      for (Future<?> future : pending) {
        Object result = future.get();
        fatal = fatal != null ? fatal : (String) result;
      }
    } finally {
      pool.shutdownNow();
    }
    report(started, true);
    if (fatal != null) {
      System.err.println("Stopped: " + fatal);
    }
    return failed.get() == 0 && fatal == null ? Main.OK : Main.RUN_FAILED;
  }

  /** The API key from --api-key-file or --api-key-env, or null when neither is given. */
  private String apiKey() throws IOException {
    String apiKey = apiKeyEnv == null ? null : System.getenv(apiKeyEnv);
    if (apiKeyFile != null) {
      List<String> lines = Files.readAllLines(apiKeyFile, StandardCharsets.UTF_8);
      apiKey = lines.isEmpty() ? "" : lines.get(0).strip();
      if (apiKey.isEmpty()) {
        throw new SluiceException(
            ErrorCode.MISSING_REQUIRED,
            "Cannot replay: " + apiKeyFile + " (--api-key-file) is empty");
      }
    }
    if (apiKeyEnv != null && (apiKey == null || apiKey.isBlank())) {
      throw new SluiceException(
          ErrorCode.MISSING_REQUIRED,
          "Cannot replay: environment variable " + apiKeyEnv + " (--api-key-env) is not set");
    }
    return apiKey;
  }

  /** Waits as long as the rate asks. */
  private void pace(long started) throws InterruptedException {
    if (rate <= 0) {
      return;
    }
    double dueSeconds = sent.get() / rate;
    long waitNanos = started + (long) (dueSeconds * 1e9) - System.nanoTime();
    if (waitNanos > 0) {
      TimeUnit.NANOSECONDS.sleep(waitNanos);
    }
  }

  /** Posts one batch with retries; returns a message that stops the replay, or null. */
  private String post(
      HttpClient http, URI target, String apiKey, String idempotencyKey, List<JsonNode> records)
      throws InterruptedException {
    StringBuilder body = new StringBuilder();
    for (JsonNode record : records) {
      body.append(record).append('\n');
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofSeconds(90))
            .header("Content-Type", "application/x-ndjson")
            .header("Idempotency-Key", idempotencyKey)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    if (apiKey != null) {
      request.header("Authorization", "Bearer " + apiKey);
    }
    String last = "";
    for (int attempt = 1; attempt <= Math.max(1, retries); attempt++) {
      long backoffMillis = Math.min(10_000, 200L << Math.min(attempt - 1, 6));
      try {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
          acked.addAndGet(records.size());
          return null;
        }
        last = status + " " + response.body();
        if (status == 401 || status == 403 || status == 404) {
          failed.addAndGet(records.size());
          return "the endpoint answered " + last;
        }
        if (status != 429 && status != 409 && status / 100 != 5) {
          failed.addAndGet(records.size());
          System.err.println("Batch " + idempotencyKey + " refused: " + last);
          return null;
        }
        backoffMillis =
            response
                .headers()
                .firstValue("Retry-After")
                .map(s -> Long.parseLong(s.trim()) * 1000)
                .orElse(backoffMillis);
      } catch (IOException e) {
        last = e.toString();
      }
      retried.incrementAndGet();
      Thread.sleep(backoffMillis + ThreadLocalRandom.current().nextLong(100));
    }
    failed.addAndGet(records.size());
    System.err.println(
        "Batch " + idempotencyKey + " failed after " + retries + " attempts: " + last);
    return null;
  }

  private void report(long started, boolean last) {
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s sent %,d, acked %,d, failed %,d, retries %,d in %.1fs (%,.0f records/s)%n",
        last ? "Replayed:" : "  ...",
        sent.get(),
        acked.get(),
        failed.get(),
        retried.get(),
        seconds,
        acked.get() / Math.max(seconds, 1e-3));
  }

  // ------------------------------------------------------------------ input

  /** The rows of the file as JSON objects. */
  private interface Rows extends Iterator<JsonNode>, AutoCloseable {
    @Override
    void close() throws IOException;
  }

  private Rows open(Path path) throws IOException {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
    if (name.endsWith(".csv")) {
      CSVParser parser =
          CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(reader);
      List<String> header = parser.getHeaderNames().stream().map(this::fieldName).toList();
      Iterator<CSVRecord> records = parser.iterator();
      return new Rows() {
        @Override
        public boolean hasNext() {
          return records.hasNext();
        }

        @Override
        public JsonNode next() {
          CSVRecord record = records.next();
          ObjectNode object = JSON.createObjectNode();
          for (int i = 0; i < header.size(); i++) {
            String value = i < record.size() ? record.get(i) : null;
            if (value == null || value.isEmpty()) {
              object.putNull(header.get(i));
            } else {
              object.put(header.get(i), value);
            }
          }
          return object;
        }

        @Override
        public void close() throws IOException {
          parser.close();
        }
      };
    }
    BufferedReader lines = (BufferedReader) reader;
    return new Rows() {
      private String next = advance();
      private long lineNumber;

      private String advance() {
        try {
          String line;
          do {
            line = lines.readLine();
            lineNumber++;
          } while (line != null && line.isBlank());
          return line;
        } catch (IOException e) {
          throw new IllegalStateException("Cannot read " + path + ": " + e.getMessage(), e);
        }
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public JsonNode next() {
        String line = next;
        long at = lineNumber;
        next = advance();
        try {
          return JSON.readTree(line);
        } catch (IOException e) {
          throw new SluiceException(
              ErrorCode.INVALID_VALUE, path + ":" + at + ": not a JSON line: " + e.getMessage());
        }
      }

      @Override
      public void close() throws IOException {
        lines.close();
      }
    };
  }

  private String fieldName(String header) {
    String trimmed = header.trim();
    return snakeCase
        ? trimmed.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "")
        : trimmed;
  }
}
