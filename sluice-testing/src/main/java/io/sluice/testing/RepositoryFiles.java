package io.sluice.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates files of the Sluice checkout (examples, fixtures) from any module's working directory.
 */
public final class RepositoryFiles {
  private RepositoryFiles() {}

  /** The checkout's root: the nearest parent holding the launcher {@code sluice} and a pom. */
  public static Path root() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("sluice")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "Cannot find the Sluice checkout above " + Path.of("").toAbsolutePath());
  }

  public static Path resolve(String relative) {
    return root().resolve(relative);
  }
}
