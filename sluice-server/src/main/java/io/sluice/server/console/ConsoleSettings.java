package io.sluice.server.console;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * Where the console listens and its limits. Bound to 127.0.0.1 by default; any other address needs
 * a token. {@code rowLimit} caps what a query or a sample returns, {@code queryTimeout} how long a
 * query of the SQL page may run, {@code maxRequestBytes} a request's body.
 */
public record ConsoleSettings(
    String host,
    int port,
    Optional<String> token,
    int rowLimit,
    Duration queryTimeout,
    long maxRequestBytes,
    Duration refresh,
    io.sluice.server.web.WebSettings web) {
  public static final String LOOPBACK = "127.0.0.1";

  public ConsoleSettings {
    requireNonNull(host, "host is null");
    requireNonNull(token, "token is null");
    requireNonNull(queryTimeout, "queryTimeout is null");
    requireNonNull(refresh, "refresh is null");
    requireNonNull(web, "web is null");
  }

  /** The defaults on {@code port}: loopback, no token, 1,000 rows, 60 s queries, 64 KiB bodies. */
  public static ConsoleSettings local(int port) {
    return new ConsoleSettings(
        LOOPBACK,
        port,
        Optional.empty(),
        1000,
        Duration.ofSeconds(60),
        64 * 1024,
        Duration.ofSeconds(2),
        io.sluice.server.web.WebSettings.defaults());
  }

  public ConsoleSettings withHost(String value) {
    return new ConsoleSettings(
        value, port, token, rowLimit, queryTimeout, maxRequestBytes, refresh, web);
  }

  public ConsoleSettings withToken(Optional<String> value) {
    return new ConsoleSettings(
        host, port, value, rowLimit, queryTimeout, maxRequestBytes, refresh, web);
  }

  /** These settings with the connection options (timeouts, TLS) {@code value}. */
  public ConsoleSettings withWeb(io.sluice.server.web.WebSettings value) {
    return new ConsoleSettings(
        host, port, token, rowLimit, queryTimeout, maxRequestBytes, refresh, value);
  }

  /** Whether {@code host} only accepts connections from this machine. */
  public boolean loopback() {
    return host.equals(LOOPBACK) || host.equals("localhost") || host.equals("::1");
  }
}
