package io.sluice.cli;

/**
 * Adds a subcommand to {@code sluice}, found with {@link java.util.ServiceLoader}; the examples use
 * it for {@code sluice generate} and {@code sluice demo}.
 */
public interface CommandProvider {
  /** Picocli command objects (classes annotated with {@code @Command}). */
  java.util.List<Object> commands();
}
