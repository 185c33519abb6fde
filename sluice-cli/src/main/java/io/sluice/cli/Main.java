package io.sluice.cli;

import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sluice} command. Exit codes: 0 success, 1 run failure, 2 usage or validation error.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    // --help and --version on every subcommand, also on those that providers add
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = Main.Version.class,
    description = "Declarative data pipelines: sources -> Kafka -> Spark -> Iceberg lake -> sinks.",
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      RunCommand.class,
      BackfillCommand.class,
      ExportCommand.class,
      PackageCommand.class,
      SchedulerCommand.class,
      ResumeCommand.class,
      ServeCommand.class,
      ConsoleCommand.class,
      ReportCommand.class,
      ReplayCommand.class,
      SqlCommand.class,
      ExpireCommand.class,
      RunsCommand.class,
      SchemaCommand.class,
      DocsCommand.class,
      ModelCommand.class,
      ModelsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int RUN_FAILED = 1;
  public static final int USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    LogFile.choose();
    ScrubbedStreams.install(); // no secret leaves on the console or in the log file
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine commandLine = commandLine();
    if (args.length >= 2 && args[0].equals("sql") && args[1].equals("translate")) {
      // `sql` takes FILE and QUERY positionally, which picocli would match before the subcommand.
      CommandLine translate = new CommandLine(new SqlTranslateCommand());
      translate.setExecutionExceptionHandler(new ErrorHandler());
      translate.setCommandName("sluice sql translate");
      translate.setExpandAtFiles(false); // QUERY may be @FILE, read by the command
      return translate.execute(java.util.Arrays.copyOfRange(args, 2, args.length));
    }
    return commandLine.execute(args);
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main());
    for (CommandProvider provider : ServiceLoader.load(CommandProvider.class)) {
      provider.commands().forEach(commandLine::addSubcommand);
    }
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"sluice " + (version == null ? "development build" : version)};
    }
  }
}
