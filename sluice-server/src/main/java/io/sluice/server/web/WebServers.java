package io.sluice.server.web;

import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The one connector of {@code serve} and {@code console}: bound to {@code host:port}, plain or TLS,
 * with the idle timeout, the header deadline ({@link HeaderDeadline}) and the slowest body rate of
 * {@link WebSettings}.
 */
public final class WebServers {
  private WebServers() {}

  /**
   * Answers Jetty's refusals of a request (a body slower than the minimum rate: 408) with their
   * status and a JSON error, instead of the 500 an unhandled exception gets.
   */
  public static void answerBadMessages(io.javalin.Javalin app) {
    app.exception(
        BadMessageException.class,
        (e, ctx) ->
            ctx.status(e.getCode())
                .contentType("application/json")
                .result(
                    "{\"error\":\""
                        + (e.getCode() == 408 ? "request_timeout" : "bad_request")
                        + "\",\"message\":\""
                        + (e.getCode() == 408
                            ? "The request body arrived slower than the server accepts"
                            : "The request is malformed")
                        + "\"}"));
  }

  /** Makes the server {@code config} configures listen on {@code host:port} as {@code web} says. */
  public static void configure(JavalinConfig config, String host, int port, WebSettings web) {
    config.jetty.addConnector(
        (server, http) -> {
          http.setMinRequestDataRate(web.minRequestBytesPerSecond());
          http.setSendServerVersion(false);
          ServerConnector connector;
          if (web.tls().isPresent()) {
            HttpConfiguration https = new HttpConfiguration(http);
            // the certificate may name a host other than the address a client dials (127.0.0.1)
            https.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(web.tls().get().keyStore());
            tls.setKeyStorePassword(web.tls().get().password());
            tls.setKeyManagerPassword(web.tls().get().password());
            connector =
                new ServerConnector(
                    server,
                    new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(https));
          } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
          }
          connector.setHost(host);
          connector.setPort(port);
          connector.setIdleTimeout(web.idleTimeout().toMillis());
          connector.addEventListener(new HeaderDeadline(web.headerTimeout()));
          return connector;
        });
  }
}
