package io.sluice.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * A local HTTP server on 127.0.0.1 that stands in for Slack, a Pushgateway, an OpenLineage server
 * and other HTTP receivers in tests: it keeps the requests sent to each path and answers 200 (or
 * what a path's responder says).
 */
public final class TestingWebhook implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, List<Request>> requests = new ConcurrentHashMap<>();
  private final Map<String, List<String>> bodies = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private TestingWebhook(HttpServer server) {
    this.server = server;
  }

  /** Starts the server on a free port. */
  public static TestingWebhook start() {
    try {
      TestingWebhook hook =
          new TestingWebhook(
              HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
      hook.server.start();
      return hook;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the test webhook server", e);
    }
  }

  /** A request the server received: its method, path, headers (names in lower case) and body. */
  public record Request(String method, String path, Map<String, String> headers, String body) {
    /** The header's first value, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** What the server answers: a status and a body (empty for none). */
  public record Reply(int status, String body) {}

  /** Records what is sent to {@code path} and answers 200. */
  public TestingWebhook receive(String path) {
    return answer(path, () -> 200);
  }

  /** Records what is sent to {@code path} and answers the status {@code status} gives. */
  public TestingWebhook answer(String path, IntSupplier status) {
    return respond(path, request -> new Reply(status.getAsInt(), ""));
  }

  /** Records what is sent to {@code path} (and below it) and answers what {@code reply} says. */
  public TestingWebhook respond(String path, Function<Request, Reply> reply) {
    List<Request> received = requests.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
    List<String> texts = bodies.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
    server.createContext(
        path,
        exchange -> {
          Map<String, String> headers = new java.util.HashMap<>();
          exchange
              .getRequestHeaders()
              .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
          Request request =
              new Request(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath(),
                  Map.copyOf(headers),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          received.add(request);
          texts.add(request.body());
          Reply answer = reply.apply(request);
          byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    return this;
  }

  /** The full URL of {@code path}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The bodies sent to {@code path}, in order: a live list, which grows as requests arrive. */
  public List<String> bodies(String path) {
    return bodies.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
  }

  /** The requests sent to {@code path}, in order: a live list, as {@link #bodies}. */
  public List<Request> requests(String path) {
    return requests.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
  }

  /** Stops the server, as a receiver that went down (once; stopping again does nothing). */
  public void stop() {
    if (closed.compareAndSet(false, true)) {
      server.stop(0);
    }
  }

  @Override
  public void close() {
    stop();
  }
}
