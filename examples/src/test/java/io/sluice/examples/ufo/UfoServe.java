package io.sluice.examples.ufo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The tests' handling of a `sluice serve` child: a port for it, and waiting until it answers. */
final class UfoServe {
  private UfoServe() {}

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /**
   * Replays {@code csv} to the endpoint on {@code port} (stream ufo, snake_case names, batches of
   * {@code batch}) with {@code apiKey}; returns replay's summary line output, after checking it
   * exited 0.
   */
  static String replay(Path csv, int port, Path work, String apiKey, int batch) throws Exception {
    Path key = Files.writeString(work.resolve("key.txt"), apiKey + "\n");
    io.sluice.testing.TestingConsole.Captured<Integer> replay =
        io.sluice.testing.TestingConsole.capture(
            () ->
                io.sluice.cli.Main.execute(
                    "replay",
                    csv.toString(),
                    "--to",
                    "http://127.0.0.1:" + port,
                    "--stream",
                    "ufo",
                    "--snake-case",
                    "--batch",
                    Integer.toString(batch),
                    "--api-key-file",
                    key.toString()));
    assertThat(replay.result()).as(replay.out() + replay.err()).isZero();
    return replay.out();
  }

  /** Returns once /health answers 200 (fails with the log if the process ends or 90 s pass). */
  static void awaitHealthy(int port, Process serve, Path log) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      assertThat(serve.isAlive()).as(Files.readString(log)).isTrue();
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(250); // polling, bounded by the deadline
      }
    }
    throw new AssertionError("sluice serve did not answer: " + Files.readString(log));
  }
}
