package io.sluice.cli;

/** Whether standard output is a person's terminal (progress bars) or a pipe or CI log. */
final class Terminal {
  private Terminal() {}

  @SuppressWarnings("SystemConsoleNull") // Java 17: null means "not a terminal", as intended here
  static boolean isInteractive() {
    return System.console() != null && System.getenv("CI") == null;
  }
}
