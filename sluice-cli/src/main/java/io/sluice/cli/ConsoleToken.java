package io.sluice.cli;

import io.sluice.spec.Templates;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.util.Optional;

/** The console's token from {@code --token-secret NAME}: the environment or .sluice/secrets. */
final class ConsoleToken {
  private ConsoleToken() {}

  static Optional<String> read(String secretName) {
    if (secretName == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          Templates.secretValue(secretName, System::getenv)
              .filter(t -> !t.isBlank())
              .orElseThrow(
                  () ->
                      new SluiceException(
                          ErrorCode.MISSING_ENV,
                          "No secret "
                              + secretName
                              + ": set the environment variable or write the value to "
                              + Templates.secretFile(secretName, System::getenv))));
    } catch (IOException e) {
      throw new SluiceException(
          ErrorCode.MISSING_ENV, "Cannot read secret " + secretName + ": " + e.getMessage());
    }
  }
}
