package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.testing.TestingConsole;
import io.sluice.testing.TestingConsole.Captured;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command answers --help with its usage and exit 0, required parameters or not. */
class CommandHelpTest {
  private static List<List<String>> commands(CommandLine line, List<String> path) {
    List<List<String>> all = new ArrayList<>();
    for (var entry : line.getSubcommands().entrySet()) {
      if (entry.getKey().equals("help")
          || !entry.getValue().getCommandName().equals(entry.getKey())) {
        continue; // picocli's own help command, aliases
      }
      List<String> here = new ArrayList<>(path);
      here.add(entry.getKey());
      all.add(here);
      all.addAll(commands(entry.getValue(), here));
    }
    return all;
  }

  @Test
  void everySubcommandPrintsItsUsageForHelp() throws Exception {
    List<List<String>> commands = commands(Main.commandLine(), List.of());
    assertThat(commands)
        .extracting(c -> String.join(" ", c))
        .contains("run", "backfill", "model train");
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      Captured<Integer> help =
          TestingConsole.capture(() -> Main.execute(args.toArray(String[]::new)));
      assertThat(help.result()).as("exit code of %s", args).isZero();
      assertThat(help.out())
          .as("usage of %s", args)
          .contains("Usage: sluice " + String.join(" ", command))
          .contains("-h, --help");
      assertThat(help.err()).as("errors of %s", args).isEmpty();
    }
  }

  @Test
  void sqlTranslateHasHelpToo() throws Exception {
    Captured<Integer> help =
        TestingConsole.capture(() -> Main.execute("sql", "translate", "--help"));
    assertThat(help.result()).isZero();
    assertThat(help.out()).contains("Usage: sluice sql translate").contains("-h, --help");
  }

  @Test
  void placeholdersInDescriptionsPrintAsWritten() throws Exception {
    Captured<Integer> help = TestingConsole.capture(() -> Main.execute("run", "--help"));
    assertThat(help.out().replaceAll("\\s+", " "))
        .contains("sets ${ds}, ${ds_nodash}, ${ds_epoch_ms}, ${data_interval_start} ...")
        .doesNotContain("null, null");
    Captured<Integer> serve = TestingConsole.capture(() -> Main.execute("serve", "--help"));
    assertThat(serve.out()).doesNotContain("null");
  }
}
