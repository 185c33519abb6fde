package io.sluice.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's senders: requests of {@link #BATCH} events (ids {@code r*BATCH ..}) paced to a rate,
 * each with its own Idempotency-Key and retried with the same body until it is acknowledged, as a
 * careful client does. Counts what the endpoint acknowledged.
 */
final class SoakLoad {
  static final int BATCH = 100;
  private static final String[] CITIES = {
    "seattle (downtown), wa",
    "Phoenix",
    " tucson",
    "PORTLAND",
    "las vegas",
    "san diego",
    "houston",
    "chicago",
    "los angeles",
    "denver",
    "austin",
    "miami",
    "boston",
    "new york city",
    "toronto",
    "vancouver",
    "london",
    "seoul",
    "busan",
    "sydney"
  };

  private final String url;
  private final String key;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final AtomicLong next = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<Future<?>> senders = new ArrayList<>();
  private ExecutorService pool;

  SoakLoad(String url, String key) {
    this.url = url;
    this.key = key;
  }

  /** Starts sending {@code rate} events/s from {@code threads} keep-alive clients. */
  void start(int rate, int threads) {
    pool = Executors.newFixedThreadPool(threads);
    long started = System.nanoTime();
    double nanosPerRequest = 1e9 * BATCH / rate;
    for (int t = 0; t < threads; t++) {
      senders.add(
          pool.submit(
              () -> {
                while (!stopping.get()) {
                  long r = next.getAndIncrement();
                  long due = started + (long) (r * nanosPerRequest);
                  long wait = due - System.nanoTime();
                  if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                  }
                  send(r);
                }
                return null;
              }));
    }
  }

  /** Stops taking new requests; waits until every started one was acknowledged. */
  long stop() throws Exception {
    stopping.set(true);
    for (Future<?> sender : senders) {
      sender.get(10, TimeUnit.MINUTES);
    }
    pool.shutdown();
    return acknowledged.get();
  }

  long acknowledged() {
    return acknowledged.get();
  }

  long requests() {
    return requests.get();
  }

  long retries() {
    return retries.get();
  }

  long failures() {
    return failures.get();
  }

  private void send(long r) throws InterruptedException {
    StringBuilder body = new StringBuilder(BATCH * 200);
    long sentAt = System.currentTimeMillis();
    for (long id = r * BATCH; id < (r + 1) * BATCH; id++) {
      body.append(
          String.format(
              Locale.ROOT,
              "{\"id\":%d,\"name\":\"sighting %d\",\"city\":\"%s\",\"sent_at\":%d,"
                  + "\"latitude\":%.4f,\"comments\":\"three lights in a triangle, no sound\"}\n",
              id,
              id,
              CITIES[(int) (id % CITIES.length)],
              sentAt,
              -90 + (id % 18_000) / 100.0));
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/x-ndjson")
            .header("Authorization", "Bearer " + key)
            .header("Idempotency-Key", "soak-" + r)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    requests.incrementAndGet();
    for (int attempt = 0; ; attempt++) {
      if (attempt > 0) {
        retries.incrementAndGet();
        Thread.sleep(Math.min(5_000, 200L << Math.min(attempt, 5)));
      }
      try {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          acknowledged.addAndGet(BATCH);
          return;
        }
        failures.incrementAndGet();
        if (answer.statusCode() != 503 && answer.statusCode() != 429) {
          throw new IllegalStateException(
              "request " + r + " answered " + answer.statusCode() + ": " + answer.body());
        }
      } catch (java.io.IOException e) {
        failures.incrementAndGet();
      }
    }
  }
}
