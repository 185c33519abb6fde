package io.sluice.server.console;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.sluice.core.browse.LakeBrowser;
import io.sluice.core.browse.QueryResult;
import io.sluice.core.store.RunStore;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: pipelines, runs, datasets, quarantine, SQL and experiments, each at a stable
 * URL. Bound to 127.0.0.1 unless told otherwise; any other address requires a token. Every answer
 * is scrubbed of secrets and carries a strict content security policy (no inline script).
 */
public final class ConsoleServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
  private static final int QUERIES_AT_ONCE = 2;
  private static final String ECHARTS =
      "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

  private final Javalin app;
  private final Console console;
  private final ConsoleAuth auth;
  private final Semaphore queries = new Semaphore(QUERIES_AT_ONCE);

  private final boolean owned;

  private ConsoleServer(Console console) {
    this(
        console,
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.http.maxRequestSize = console.settings().maxRequestBytes();
              io.sluice.server.web.WebServers.configure(
                  config,
                  console.settings().host(),
                  console.settings().port(),
                  console.settings().web());
            }),
        true);
  }

  private ConsoleServer(Console console, Javalin app, boolean owned) {
    this.console = console;
    this.auth = new ConsoleAuth(console.settings());
    this.app = app;
    this.owned = owned;
    if (owned) {
      io.sluice.server.web.WebServers.answerBadMessages(app);
    }
    routes(app);
  }

  /**
   * Adds the console's pages to a server that answers other paths too ({@code sluice serve
   * --console}: the ingest endpoint's {@code /v1/...}, {@code /health} and {@code /metrics} stay
   * its own). The returned console does not stop {@code app}.
   */
  public static ConsoleServer mount(
      Javalin app,
      ConsoleSettings settings,
      List<Path> roots,
      Workspace.Planner planner,
      RunStore store,
      LakeBrowser lake) {
    refuseOpenWithoutToken(settings);
    Console console =
        new Console(new Workspace(roots, planner), store, lake, settings, roots, System::getenv);
    return new ConsoleServer(console, app, false);
  }

  /** Paths of a server the console shares that are not the console's. */
  private boolean foreign(String path) {
    return !owned && (path.startsWith("/v1/") || path.equals("/metrics") || path.equals("/health"));
  }

  /**
   * Starts the console.
   *
   * @throws SluiceException E108 when it would listen on a non-loopback address without a token
   */
  public static ConsoleServer start(
      ConsoleSettings settings,
      List<Path> roots,
      Workspace.Planner planner,
      RunStore store,
      LakeBrowser lake) {
    return start(settings, roots, planner, store, lake, System::getenv);
  }

  /** As {@link #start}, looking secrets up in {@code environment} (tests). */
  static ConsoleServer start(
      ConsoleSettings settings,
      List<Path> roots,
      Workspace.Planner planner,
      RunStore store,
      LakeBrowser lake,
      java.util.function.UnaryOperator<String> environment) {
    refuseOpenWithoutToken(settings);
    Console console =
        new Console(new Workspace(roots, planner), store, lake, settings, roots, environment);
    ConsoleServer server = new ConsoleServer(console);
    server.app.start(settings.host(), settings.port());
    return server;
  }

  private static void refuseOpenWithoutToken(ConsoleSettings settings) {
    if (!settings.loopback() && settings.token().isEmpty()) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE,
          "The console would listen on "
              + settings.host()
              + ", which other machines can reach, without a token: give it one with"
              + " --token-secret NAME (an environment variable or a file in .sluice/secrets),"
              + " or keep the default --host 127.0.0.1");
    }
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    if (owned) {
      app.stop();
    }
  }

  private void routes(Javalin app) {
    PipelinesPage pipelines = new PipelinesPage(console);
    PipelinePage pipeline = new PipelinePage(console);
    RunsPage runs = new RunsPage(console);
    RunPage run = new RunPage(console);
    StepPage step = new StepPage(console);
    LakePages lake = new LakePages(console);
    SqlPage sql = new SqlPage(console);
    ExperimentsPage experiments = new ExperimentsPage(console);
    DashboardPage dashboards = new DashboardPage(console);
    app.before(
        ctx -> {
          if (!foreign(ctx.path())) {
            headers(ctx);
            auth.check(ctx);
          }
        });
    app.get("/", ctx -> ctx.redirect("/pipelines"));
    if (owned) {
      app.get("/health", ctx -> ctx.result("ok"));
      app.get(
          "/metrics",
          ctx ->
              ctx.contentType("text/plain; version=0.0.4")
                  .result(RunStoreMetrics.text(console.store())));
    }
    app.get("/login", ctx -> html(ctx, auth.loginPage(null)));
    app.post("/login", auth::login);
    app.get("/static/console.css", ctx -> asset(ctx, "console.css", "text/css"));
    app.get("/static/console.js", ctx -> asset(ctx, "console.js", "text/javascript"));
    app.get("/static/dashboard.js", ctx -> asset(ctx, "dashboard.js", "text/javascript"));
    app.get("/static/echarts.min.js", ctx -> asset(ctx, ECHARTS, "text/javascript"));
    app.get("/static/hangul.ttf", ctx -> asset(ctx, ChartImages.HANGUL_FONT, "font/ttf"));
    app.get("/dashboards", ctx -> html(ctx, dashboards.list()));
    app.get(
        "/pipelines/{name}/dashboards/{dashboard}",
        ctx ->
            html(ctx, dashboards.render(entry(ctx), ctx.pathParam("dashboard"), ctx::queryParam)));
    app.get(
        "/api/pipelines/{name}/dashboards/{dashboard}",
        ctx -> json(ctx, dashboards.versionsJson(entry(ctx), ctx.pathParam("dashboard"))));
    app.get("/pipelines", ctx -> html(ctx, pipelines.render()));
    app.get("/pipelines/{name}", ctx -> html(ctx, pipeline.render(entry(ctx))));
    app.get("/pipelines/{name}/grid", ctx -> html(ctx, runs.grid(entry(ctx))));
    app.get(
        "/runs",
        ctx ->
            html(
                ctx,
                runs.list(
                    ctx.queryParam("pipeline"),
                    ctx.queryParam("status"),
                    ctx.queryParam("from"),
                    ctx.queryParam("to"))));
    app.get("/runs/{id}", ctx -> html(ctx, run.render(runRecord(ctx))));
    app.get(
        "/runs/{id}/steps/{step}",
        ctx -> html(ctx, step.render(runRecord(ctx), ctx.pathParam("step"))));
    app.get("/api/runs/{id}", ctx -> json(ctx, run.json(runRecord(ctx))));
    app.get("/datasets", ctx -> html(ctx, lake.datasets()));
    app.get(
        "/datasets/{name}",
        ctx ->
            html(ctx, lake.dataset(ctx.pathParam("name"), snapshot(ctx.queryParam("snapshot")))));
    app.get(
        "/quarantine",
        ctx ->
            html(
                ctx,
                lake.quarantine(
                    ctx.queryParam("dataset"), ctx.queryParam("reason"), ctx.queryParam("run"))));
    app.get("/sql", ctx -> html(ctx, sql.render(ctx.queryParam("q"), null, null)));
    app.post("/sql", ctx -> sql(ctx, sql, false));
    app.post("/sql.csv", ctx -> sql(ctx, sql, true));
    app.get("/experiments", ctx -> html(ctx, experiments.render()));
    app.exception(SluiceException.class, (e, ctx) -> error(ctx, e));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("Console request {} failed", ctx.path(), e);
          ctx.status(HttpStatus.INTERNAL_SERVER_ERROR);
          html(ctx, Layout.message("Error", "The console failed to answer: " + e.getMessage()));
        });
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().equals("Not Found")) {
            html(ctx, Layout.message("Not found", "No page at " + ctx.path()));
          }
        });
  }

  private void sql(Context ctx, SqlPage page, boolean csv) {
    String text = ctx.formParam("q");
    if (!RunsPage.present(text)) {
      throw new SluiceException(ErrorCode.MISSING_REQUIRED, "Write a query in the box first");
    }
    if (!queries.tryAcquire()) {
      ctx.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "5");
      html(
          ctx,
          page.render(
              text,
              null,
              new SluiceException(
                  ErrorCode.RUN_FAILED,
                  QUERIES_AT_ONCE + " queries are running; try again in a few seconds")));
      return;
    }
    try {
      QueryResult result = page.query(text);
      if (csv) {
        ctx.header("Content-Disposition", "attachment; filename=\"query.csv\"");
        ctx.contentType("text/csv; charset=utf-8")
            .result(console.secrets().scrub(SqlPage.csv(result)));
      } else {
        html(ctx, page.render(text, result, null));
      }
    } catch (SluiceException e) {
      ctx.status(status(e));
      html(ctx, page.render(text, null, e));
    } finally {
      queries.release();
    }
  }

  private PipelineEntry entry(Context ctx) {
    String name = ctx.pathParam("name");
    return console
        .workspace()
        .pipeline(name)
        .orElseThrow(
            () ->
                new SluiceException(ErrorCode.UNDEFINED_REFERENCE, "There is no pipeline " + name));
  }

  private io.sluice.core.store.RunRecord runRecord(Context ctx) {
    String id = ctx.pathParam("id");
    return console
        .store()
        .run(id)
        .orElseThrow(
            () -> new SluiceException(ErrorCode.UNDEFINED_REFERENCE, "There is no run " + id));
  }

  private static Optional<Long> snapshot(String value) {
    if (!RunsPage.present(value)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      throw new SluiceException(
          ErrorCode.INVALID_VALUE, "A snapshot id is a number, not '" + value + "'");
    }
  }

  private void html(Context ctx, String page) {
    ctx.contentType("text/html; charset=utf-8").result(console.secrets().scrub(page));
  }

  private void json(Context ctx, String body) {
    // "<" only occurs inside JSON strings: escaped, a value cannot close a script element
    ctx.contentType("application/json")
        .result(console.secrets().scrub(body).replace("<", "\\u003c"));
  }

  private void error(Context ctx, SluiceException e) {
    ctx.status(status(e));
    if (ctx.path().startsWith("/api/")) {
      json(
          ctx,
          "{\"error\":\""
              + e.code().code()
              + "\",\"message\":"
              + com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getMessage())
              + "}");
    } else {
      html(
          ctx,
          Layout.message(
              ctx.status().getMessage(), "error[" + e.code().code() + "]: " + e.getMessage()));
    }
  }

  private static HttpStatus status(SluiceException e) {
    if (e.code() == ErrorCode.UNDEFINED_REFERENCE) {
      return HttpStatus.NOT_FOUND;
    }
    if (e.code() == ErrorCode.READ_ONLY) {
      return HttpStatus.FORBIDDEN;
    }
    return e.code().isUsage() ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
  }

  private static void headers(Context ctx) {
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  private static final java.util.Map<String, byte[]> ASSETS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** A file shipped in the jar, read once and cached by the browser for an hour. */
  private static void asset(Context ctx, String name, String type) {
    byte[] bytes =
        ASSETS.computeIfAbsent(
            name,
            n -> {
              try (java.io.InputStream in = ConsoleServer.class.getResourceAsStream(n)) {
                if (in == null) {
                  throw new SluiceException(ErrorCode.UNDEFINED_REFERENCE, "No asset " + n);
                }
                return in.readAllBytes();
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    ctx.header("Cache-Control", "max-age=3600");
    ctx.contentType(type.startsWith("text/") ? type + "; charset=utf-8" : type).result(bytes);
  }
}
