package io.sluice.server.web;

import static java.util.Objects.requireNonNull;

import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@code serve} and {@code console} hold connections: how long an idle connection stays open,
 * how long a client may take to send a request's headers, the slowest body upload accepted, and
 * TLS. Defaults: 30 s idle, 10 s for the headers, 1 KiB/s for bodies, plain HTTP.
 *
 * @param idleTimeout a connection with no traffic for this long is closed
 * @param headerTimeout a request whose headers have not all arrived this long after they started is
 *     refused by closing its connection (a slow-headers client holds no thread or slot)
 * @param minRequestBytesPerSecond a body that arrives slower than this is refused with 408
 * @param tls the key store and its password when serving HTTPS
 */
public record WebSettings(
    Duration idleTimeout,
    Duration headerTimeout,
    long minRequestBytesPerSecond,
    Optional<Tls> tls) {
  /** A key store (PKCS12 or JKS) holding the server's key and certificate, and its password. */
  public record Tls(KeyStore keyStore, String password) {
    public Tls {
      requireNonNull(keyStore, "keyStore is null");
      requireNonNull(password, "password is null");
    }

    @Override
    public String toString() {
      return "Tls[keyStore=" + keyStore.getType() + ", password=****]";
    }
  }

  public WebSettings {
    requireNonNull(idleTimeout, "idleTimeout is null");
    requireNonNull(headerTimeout, "headerTimeout is null");
    requireNonNull(tls, "tls is null");
  }

  public static WebSettings defaults() {
    return new WebSettings(Duration.ofSeconds(30), Duration.ofSeconds(10), 1024, Optional.empty());
  }

  public WebSettings withTimeouts(Duration idle, Duration headers) {
    return new WebSettings(idle, headers, minRequestBytesPerSecond, tls);
  }

  public WebSettings withMinRequestBytesPerSecond(long rate) {
    return new WebSettings(idleTimeout, headerTimeout, rate, tls);
  }

  public WebSettings withTls(Optional<Tls> value) {
    return new WebSettings(idleTimeout, headerTimeout, minRequestBytesPerSecond, value);
  }

  /** "https" with TLS, else "http". */
  public String scheme() {
    return tls.isPresent() ? "https" : "http";
  }
}
