package io.sluice.server.console;

import io.sluice.core.browse.LakeBrowser;
import io.sluice.core.store.RunStore;
import java.nio.file.Path;
import java.util.List;

/** What every page reads: the pipelines found, the run store, the lake, settings and secrets. */
final class Console {
  private final Workspace workspace;
  private final RunStore store;
  private final LakeBrowser lake;
  private final ConsoleSettings settings;
  private final List<Path> roots;
  private final Path base;
  private final Secrets baseSecrets;

  Console(
      Workspace workspace,
      RunStore store,
      LakeBrowser lake,
      ConsoleSettings settings,
      List<Path> roots,
      java.util.function.UnaryOperator<String> environment) {
    this.workspace = workspace;
    this.store = store;
    this.lake = lake;
    this.settings = settings;
    this.roots = roots;
    this.base = Path.of("").toAbsolutePath();
    this.baseSecrets = Secrets.of(settings.token().map(List::of).orElse(List.of()), environment);
  }

  Workspace workspace() {
    return workspace;
  }

  RunStore store() {
    return store;
  }

  LakeBrowser lake() {
    return lake;
  }

  ConsoleSettings settings() {
    return settings;
  }

  /** The token and every secret the pipeline files name, as they are now. */
  synchronized Secrets secrets() {
    List<String> texts = workspace.texts();
    if (!texts.equals(secretTexts)) { // look the secrets up again only when a file changed
      secrets = baseSecrets.including(texts);
      secretTexts = texts;
    }
    return secrets;
  }

  private List<String> secretTexts;
  private Secrets secrets;

  String roots() {
    return roots.stream().map(this::relative).toList().toString();
  }

  /** {@code file} relative to the working folder when it is inside it. */
  String relative(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    return absolute.startsWith(base) ? base.relativize(absolute).toString() : absolute.toString();
  }
}
