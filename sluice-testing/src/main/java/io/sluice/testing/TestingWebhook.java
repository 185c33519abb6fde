package io.sluice.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;

/**
 * A local HTTP server on 127.0.0.1 that stands in for Slack and other webhooks in tests: it keeps
 * the bodies posted to each path and answers 200 (or what a path's responder says).
 */
public final class TestingWebhook implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, List<String>> bodies = new ConcurrentHashMap<>();

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

  /** Records what is posted to {@code path} and answers 200. */
  public TestingWebhook receive(String path) {
    return answer(path, () -> 200);
  }

  /** Records what is posted to {@code path} and answers the status {@code status} gives. */
  public TestingWebhook answer(String path, IntSupplier status) {
    List<String> received = bodies.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
    server.createContext(
        path,
        exchange -> {
          received.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          exchange.sendResponseHeaders(status.getAsInt(), -1);
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

  /** The bodies posted to {@code path}, in order. */
  public List<String> bodies(String path) {
    return bodies.getOrDefault(path, List.of());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
