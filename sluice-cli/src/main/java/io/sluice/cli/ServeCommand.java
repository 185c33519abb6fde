package io.sluice.cli;

import io.sluice.core.plan.Plan;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.scheduler.ServiceSupervisor;
import io.sluice.server.console.ConsoleServer;
import io.sluice.server.console.ConsoleSettings;
import io.sluice.server.ingest.IdempotencyKeys;
import io.sluice.server.ingest.IngestServer;
import io.sluice.server.ingest.IngestStream;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import io.sluice.spi.spark.SourceContext;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice serve FILE}: the HTTP ingest endpoint for the pipeline's {@code http-ingest}
 * sources, until Ctrl-C.
 */
@Command(
    name = "serve",
    description =
        "Serve the ingest endpoint POST /v1/streams/{stream}/records for the pipeline's"
            + " http-ingest sources (and /health, /metrics) until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
  @Mixin PipelineOptions options;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--max-in-flight",
      paramLabel = "RECORDS",
      defaultValue = "200000",
      description =
          "Records being written to Kafka at once before requests get 429 (default:"
              + " ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(
      names = "--console",
      description =
          "Serve the web console's pages (sluice console) for this pipeline on the same port.")
  boolean console;

  @Option(
      names = "--token-secret",
      paramLabel = "NAME",
      description = "With --console: require this secret as the console's token.")
  String tokenSecret;

  @Mixin WebOptions web;

  @Override
  public Integer call() throws InterruptedException {
    Plan plan = options.plan();
    io.sluice.server.web.WebSettings webSettings = web.settings();
    Map<String, IngestStream> streams = IngestStream.servable(plan);
    if (streams.isEmpty()) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "Cannot serve "
              + plan.spec().name()
              + ": it has no http-ingest source read by a dataset; add one, such as"
              + " 'events: { type: http-ingest, stream: events, columns: {...}, api_keys:"
              + " [\"$${env:EVENTS_KEY}\"] }'");
    }
    ServiceSupervisor services = Services.start(plan);
    // the console's pages and /metrics (the runs every process recorded) read the run store
    JdbcRunStore store = JdbcRunStore.open(plan.spec().settings().runStore());
    IngestServer.Settings settings =
        new IngestServer.Settings(host, port, maxInFlight, Duration.ofSeconds(60))
            .withWeb(webSettings);
    LazyLake lake = console ? new LazyLake(plan.spec().settings(), Duration.ofSeconds(60)) : null;
    IngestServer server;
    try {
      server =
          IngestServer.start(
              streams,
              services.addresses().get(SourceContext.KAFKA_BOOTSTRAP_SERVERS),
              Map.of(),
              settings,
              IdempotencyKeys.durable(
                  plan.spec().settings().runStore(), settings.claimLease(), Clock.systemUTC()),
              app -> {
                if (console) {
                  ConsoleServer.mount(
                      app,
                      ConsoleSettings.local(port)
                          .withHost(host)
                          .withWeb(webSettings)
                          .withToken(ConsoleToken.read(tokenSecret)),
                      List.of(options.file),
                      file -> options.plan(),
                      store,
                      lake);
                }
              });
    } catch (RuntimeException e) {
      services.close();
      store.close();
      throw e;
    }
    server.alsoServeMetrics(() -> io.sluice.server.console.RunStoreMetrics.text(store));
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C: stop taking requests, let the producer flush, stop the embedded broker cleanly.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  services.close();
                  if (lake != null) {
                    lake.close();
                  }
                  store.close();
                  stopped.countDown();
                },
                "sluice-serve-stop"));
    System.out.printf(
        "Serving %s on %s://%s:%d%n",
        plan.spec().name(), webSettings.scheme(), host, server.port());
    for (IngestStream stream : streams.values()) {
      System.out.printf(
          "  POST /v1/streams/%s/records -> Kafka topic %s (%d fields, %d required)%n",
          stream.name(), stream.topic(), stream.columns().size(), stream.required().size());
    }
    System.out.println(
        "  GET /health, GET /metrics. Idempotency-Keys kept in the run store "
            + JdbcRunStore.masked(plan.spec().settings().runStore())
            + ". Ctrl-C stops.");
    if (console) {
      System.out.printf(
          "  Console: %s://%s:%d/pipelines%n", webSettings.scheme(), host, server.port());
    }
    System.out.flush();
    stopped.await();
    return Main.OK;
  }
}
