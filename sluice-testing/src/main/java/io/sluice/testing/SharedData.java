package io.sluice.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real public data sets in {@code ../shared/data} (never copied into the repository). A
 * test that needs one is skipped, with a message saying so, when the folder is absent.
 */
public final class SharedData {
  private SharedData() {}

  /** The file {@code relative} under shared/data; skips the calling test if it is not there. */
  public static Path require(String relative) {
    Path root = root();
    Path file = root == null ? null : root.resolve(relative);
    Assumptions.assumeTrue(
        file != null && Files.isRegularFile(file),
        "Skipped: shared data file "
            + relative
            + " not found (looked for ../shared/data from "
            + Path.of("").toAbsolutePath()
            + "); this test needs the workplace's shared data folder");
    return file;
  }

  /** The shared/data folder: $SLUICE_SHARED_DATA, or ../shared/data above the working directory. */
  public static Path root() {
    String configured = System.getenv("SLUICE_SHARED_DATA");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data");
      if (Files.isDirectory(candidate) && Files.exists(candidate.resolve("MANIFEST.md"))) {
        return candidate;
      }
    }
    return null;
  }
}
