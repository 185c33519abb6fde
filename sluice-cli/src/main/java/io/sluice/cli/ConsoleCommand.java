package io.sluice.cli;

import io.sluice.core.ConnectorRegistry;
import io.sluice.core.plan.Planner;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.engine.spark.SparkSqlAnalyzer;
import io.sluice.server.console.ConsoleServer;
import io.sluice.server.console.ConsoleSettings;
import io.sluice.server.console.Workspace;
import io.sluice.spec.EngineSettings;
import io.sluice.spec.LoadRequest;
import io.sluice.spec.PipelineSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice console [FILES|DIRS]}: the web console over the pipelines found, until Ctrl-C. */
@Command(
    name = "console",
    description =
        "Serve the web console: pipelines, runs, datasets, quarantine, SQL and experiments for the"
            + " pipeline files found under FILES|DIRS, until Ctrl-C.")
final class ConsoleCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "FILES|DIRS",
      arity = "0..*",
      description = "Pipeline files, or folders searched for them (default: the current folder).")
  List<Path> paths = List.of(Path.of("."));

  @Option(
      names = "--host",
      defaultValue = ConsoleSettings.LOOPBACK,
      description =
          "Address to bind (default: ${DEFAULT-VALUE}); any other address needs --token-secret.")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8090",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--token-secret",
      paramLabel = "NAME",
      description =
          "Require this secret as a token (environment variable NAME or the file"
              + " .sluice/secrets/NAME): browsers sign in once, scripts send 'Authorization:"
              + " Bearer TOKEN'.")
  String tokenSecret;

  @Option(
      names = "--lake",
      paramLabel = "PATH",
      description = "The lake to browse (default: the first pipeline's).")
  String lake;

  @Option(
      names = "--run-store",
      paramLabel = "JDBC_URL",
      description = "The run store to read (default: the first pipeline's).")
  String runStore;

  @Option(
      names = "--row-limit",
      defaultValue = "1000",
      description = "Rows a query or a sample returns at most (default: ${DEFAULT-VALUE}).")
  int rowLimit;

  @Option(
      names = "--query-timeout",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description = "Seconds before a SQL query is cancelled (default: ${DEFAULT-VALUE}).")
  int queryTimeout;

  @Mixin WebOptions web;

  @Override
  public Integer call() throws InterruptedException {
    Workspace.Planner planner =
        file ->
            Planner.load(
                file, LoadRequest.defaults(), ConnectorRegistry.load(), new SparkSqlAnalyzer());
    EngineSettings settings = settings(planner);
    ConsoleSettings console =
        new ConsoleSettings(
                host,
                port,
                Optional.empty(),
                rowLimit,
                Duration.ofSeconds(queryTimeout),
                64 * 1024,
                Duration.ofSeconds(2),
                web.settings())
            .withToken(token());
    JdbcRunStore store = JdbcRunStore.open(settings.runStore());
    LazyLake lakeBrowser = new LazyLake(settings, Duration.ofSeconds(queryTimeout));
    ConsoleServer server;
    try {
      server = ConsoleServer.start(console, paths, planner, store, lakeBrowser);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  lakeBrowser.close();
                  store.close();
                  stopped.countDown();
                },
                "sluice-console-stop"));
    System.out.printf("Console on %s://%s:%d/%n", console.web().scheme(), host, server.port());
    System.out.printf(
        "  lake %s, run store %s%s. Ctrl-C stops.%n",
        settings.lake(),
        JdbcRunStore.masked(settings.runStore()),
        console.token().isPresent() ? ", token required" : "");
    System.out.flush();
    stopped.await();
    return Main.OK;
  }

  /** The lake and run store: the options, else the first pipeline that loads, else defaults. */
  private EngineSettings settings(Workspace.Planner planner) {
    EngineSettings found = EngineSettings.defaults();
    for (Path path : paths) {
      Optional<PipelineSpec> first = new Workspace(List.of(path), planner).firstLoadable();
      if (first.isPresent()) {
        found = first.get().settings();
        break;
      }
    }
    return found.withLakeAndRunStore(lake, runStore);
  }

  private Optional<String> token() {
    return ConsoleToken.read(tokenSecret);
  }
}
