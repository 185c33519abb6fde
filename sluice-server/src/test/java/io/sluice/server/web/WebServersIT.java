package io.sluice.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The connector of serve and console: TLS from a key store, the header deadline, slow bodies. */
class WebServersIT {
  private static final String PASSWORD = "changeit-42";
  @TempDir Path dir;

  private static Javalin start(WebSettings web) {
    Javalin app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              WebServers.configure(config, "127.0.0.1", 0, web);
            });
    WebServers.answerBadMessages(app);
    app.post("/echo", ctx -> ctx.result("got " + ctx.body().length()));
    app.get("/hello", ctx -> ctx.result("hello"));
    return app.start();
  }

  /** A self-signed key store made by the JDK's keytool, as docs/security.md tells users to. */
  private KeyStore keyStore() throws Exception {
    Path file = dir.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "sluice",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, PASSWORD.toCharArray());
    }
    return store;
  }

  @Test
  void servesHttpsWithTheKeyStoreAndRefusesPlainHttpOnThatPort() throws Exception {
    KeyStore store = keyStore();
    Javalin app =
        start(WebSettings.defaults().withTls(Optional.of(new WebSettings.Tls(store, PASSWORD))));
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
      HttpResponse<String> hello =
          client.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + app.port() + "/hello"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(hello.statusCode()).isEqualTo(200);
      assertThat(hello.body()).isEqualTo("hello");
      assertThat(hello.sslSession()).isPresent();
      // a client that does not trust the certificate is refused at the handshake
      assertThatThrownBy(
              () ->
                  HttpClient.newHttpClient()
                      .send(
                          HttpRequest.newBuilder(
                                  URI.create("https://127.0.0.1:" + app.port() + "/hello"))
                              .build(),
                          HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      // plain HTTP to the TLS port gets no answer of the application
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
        socket
            .getOutputStream()
            .write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String answer =
            new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(answer).doesNotContain("hello");
      }
    } finally {
      app.stop();
    }
  }

  /**
   * Sends {@code b} every 100 ms, as a slow client does, until the server answers or closes the
   * connection; false when it did neither in 3,000 bytes (5 minutes).
   */
  private static boolean trickle(Socket socket, char b) throws Exception {
    OutputStream out = socket.getOutputStream();
    for (int i = 0; i < 3000; i++) {
      try {
        out.write(b);
        out.flush();
        Thread.sleep(100); // the slow client's pace, not a wait for the server
      } catch (IOException e) {
        return true; // closed
      }
      if (socket.getInputStream().available() > 0) {
        return true; // answered
      }
    }
    return false;
  }

  @Test
  void aClientTricklingItsHeadersIsCutOffAtTheHeaderDeadlineNotTheIdleTimeout() throws Exception {
    Duration deadline = Duration.ofSeconds(1);
    Javalin app = start(WebSettings.defaults().withTimeouts(Duration.ofMinutes(5), deadline));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
      OutputStream out = socket.getOutputStream();
      long started = System.nanoTime();
      out.write("POST /echo HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // one header byte every 100 ms keeps the connection busy (the idle timeout never fires)
      boolean closed = trickle(socket, 'X');
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(closed).as("the server closed the connection").isTrue();
      assertThat(seconds).isGreaterThanOrEqualTo(deadline.toMillis() / 1000.0);
    } finally {
      app.stop();
    }
  }

  @Test
  void aBodySentSlowerThanTheMinimumRateIsRefusedWith408() throws Exception {
    Javalin app =
        start(
            WebSettings.defaults()
                .withTimeouts(Duration.ofMinutes(5), Duration.ofSeconds(10))
                .withMinRequestBytesPerSecond(1024));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // ten bytes a second, far under 1 KiB/s
      boolean answered = trickle(socket, 'x');
      assertThat(answered).isTrue();
      String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(answer).isEqualTo("HTTP/1.1 408");
    } finally {
      app.stop();
    }
  }

  @Test
  void aConnectionThatCompletesItsRequestsInTimeIsServedAndKeptAlive() throws Exception {
    Javalin app =
        start(WebSettings.defaults().withTimeouts(Duration.ofMinutes(5), Duration.ofSeconds(1)));
    try {
      HttpClient client = HttpClient.newHttpClient();
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> echo =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1000 * (i + 1))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(echo.body()).isEqualTo("got " + 1000 * (i + 1));
      }
    } finally {
      app.stop();
    }
  }
}
