package io.sluice.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Text a command prints, or writes to the file given with {@code -o}. */
final class Output {
  private Output() {}

  static void emit(Path file, String text) throws IOException {
    String scrubbed = io.sluice.spi.Redaction.scrub(text);
    String terminated = scrubbed.endsWith("\n") ? scrubbed : scrubbed + "\n";
    if (file == null) {
      System.out.print(terminated);
    } else {
      Files.writeString(file, terminated, StandardCharsets.UTF_8);
    }
  }
}
