package io.sluice.examples;

import io.sluice.cli.CommandProvider;
import java.util.List;

/** Adds {@code sluice generate} and {@code sluice demo} to the command line. */
public final class ExampleCommands implements CommandProvider {
  @Override
  public List<Object> commands() {
    return List.of(new GenerateCommand(), new DemoCommand());
  }
}
