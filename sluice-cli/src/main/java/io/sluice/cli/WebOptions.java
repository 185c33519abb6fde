package io.sluice.cli;

import io.sluice.server.web.WebSettings;
import io.sluice.spec.Durations;
import io.sluice.spec.Templates;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Connection options of {@code serve} and {@code console}: timeouts and TLS. The key store comes
 * from a secret: the file {@code .sluice/secrets/NAME} (a PKCS12 or JKS key store as it is), or an
 * environment variable {@code NAME} holding it in base64; its password from another secret.
 */
final class WebOptions {
  @Option(
      names = "--tls-keystore-secret",
      paramLabel = "NAME",
      description =
          "Serve HTTPS with the key store (PKCS12 or JKS) in secret NAME: the file"
              + " .sluice/secrets/NAME, or the environment variable NAME in base64.")
  String keystoreSecret;

  @Option(
      names = "--tls-password-secret",
      paramLabel = "NAME",
      description = "The secret holding the key store's password (required with a key store).")
  String passwordSecret;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "Close connections idle this long (default: ${DEFAULT-VALUE}).")
  String idleTimeout;

  @Option(
      names = "--header-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      description =
          "Close a connection whose request headers take longer than this to arrive (default:"
              + " ${DEFAULT-VALUE}).")
  String headerTimeout;

  /** The settings these options give, reading the key store from its secret. */
  WebSettings settings() {
    WebSettings web =
        WebSettings.defaults()
            .withTimeouts(
                duration("--idle-timeout", idleTimeout),
                duration("--header-timeout", headerTimeout));
    if (keystoreSecret == null && passwordSecret == null) {
      return web;
    }
    if (keystoreSecret == null || passwordSecret == null) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "TLS needs both --tls-keystore-secret NAME and --tls-password-secret NAME");
    }
    String password = ConsoleToken.read(passwordSecret).orElseThrow();
    return web.withTls(Optional.of(new WebSettings.Tls(keyStore(password), password)));
  }

  private KeyStore keyStore(String password) {
    byte[] bytes;
    String where;
    try {
      String inEnvironment = System.getenv(keystoreSecret);
      Path file = Templates.secretFile(keystoreSecret, System::getenv);
      if (inEnvironment != null) {
        where = "environment variable " + keystoreSecret;
        bytes = Base64.getMimeDecoder().decode(inEnvironment.strip());
      } else if (Files.isRegularFile(file)) {
        where = file.toString();
        bytes = Files.readAllBytes(file);
      } else {
        throw new SluiceException(
            ErrorCode.MISSING_ENV,
            "No secret "
                + keystoreSecret
                + ": write the key store to "
                + file
                + " or put it in base64 in the environment variable "
                + keystoreSecret);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new SluiceException(
          ErrorCode.MISSING_ENV,
          "Cannot read the key store secret " + keystoreSecret + ": " + e.getMessage());
    }
    for (String type : new String[] {"PKCS12", "JKS"}) {
      try {
        KeyStore store = KeyStore.getInstance(type);
        store.load(new ByteArrayInputStream(bytes), password.toCharArray());
        return store;
      } catch (IOException | GeneralSecurityException e) {
        // try the next type; the error below names what was tried
      }
    }
    throw new SluiceException(
        ErrorCode.INVALID_VALUE,
        "The key store in "
            + where
            + " is not a PKCS12 or JKS key store this password opens (make one with: keytool"
            + " -genkeypair -storetype PKCS12 -keystore sluice.p12 ...; see docs/security.md)");
  }

  private static Duration duration(String option, String text) {
    return Durations.parse(text)
        .filter(d -> !d.isZero())
        .orElseThrow(
            () ->
                new SluiceException(
                    ErrorCode.INVALID_VALUE,
                    option + " '" + text + "' is not a duration such as 500ms, 30s or 5m"));
  }
}
