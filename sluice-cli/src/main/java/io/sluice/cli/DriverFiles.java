package io.sluice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** What a driver on a cluster gets from the machine that submitted it, written where it runs. */
final class DriverFiles {
  private DriverFiles() {}

  /**
   * Writes the pipeline file's text to a file of the same name in a new folder of the driver's
   * working directory (error messages then name the file the user wrote) and returns it.
   */
  static Path pipeline(Path file, String base64) throws IOException {
    Path folder = Files.createTempDirectory(Path.of("").toAbsolutePath(), "sluice-pipeline-");
    Path name = file.getFileName();
    Path written = folder.resolve(name == null ? Path.of("pipeline.yaml") : name);
    Files.write(written, Base64.getDecoder().decode(base64));
    return written;
  }
}
