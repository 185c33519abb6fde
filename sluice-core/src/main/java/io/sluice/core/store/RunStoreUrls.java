package io.sluice.core.store;

import java.nio.file.Path;

/** Run store URLs: H2 file URLs made absolute and shared between processes, passwords masked. */
final class RunStoreUrls {
  private RunStoreUrls() {}

  /** An H2 file URL with H2's auto server, so that several processes can open it at once. */
  static String shared(String url) {
    String upper = url.toUpperCase(java.util.Locale.ROOT);
    if (!upper.startsWith("JDBC:H2:FILE:")
        || upper.contains(";AUTO_SERVER=")
        || upper.contains(";FILE_LOCK=")) {
      return url;
    }
    return url + ";AUTO_SERVER=TRUE";
  }

  /** H2 refuses paths that are implicitly relative; resolve them against the working directory. */
  static String absoluteH2(String url) {
    String prefix = "jdbc:h2:file:";
    if (!url.startsWith(prefix)) {
      return url;
    }
    String[] parts = url.substring(prefix.length()).split(";", 2);
    if (parts[0].startsWith("~")) {
      return url;
    }
    String path = Path.of(parts[0]).toAbsolutePath().normalize().toString();
    return prefix + path + (parts.length > 1 ? ";" + parts[1] : "");
  }

  /** The URL with any password parameter masked. */
  static String masked(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1****");
  }
}
