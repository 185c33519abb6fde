package io.sluice.scheduler;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.DashboardWriter;
import io.sluice.core.run.Engine;
import io.sluice.core.run.RunClock;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.RunResult;
import io.sluice.core.store.JdbcRunStore;
import io.sluice.core.store.RunStore;
import java.util.function.Function;

/**
 * The one entry point that runs a plan, for every command (run, backfill, resume, scheduler): an
 * engine session, the plan's services (started in order, stopped in reverse), its run store, and
 * the {@link RunService} over them.
 */
public final class RunLauncher {
  private final Engine engine;
  private final Function<Plan, ServiceSupervisor> services;
  private final RunListener listener;
  private final RunClock clock;
  private final AlertSender alerts;
  private final DashboardWriter dashboards;

  /** {@code dashboards}: writes the dashboards that declare {@code export:}; null for none. */
  public RunLauncher(
      Engine engine,
      Function<Plan, ServiceSupervisor> services,
      RunListener listener,
      RunClock clock,
      AlertSender alerts,
      DashboardWriter dashboards) {
    this.engine = engine;
    this.services = services;
    this.listener = listener;
    this.clock = clock;
    this.alerts = alerts;
    this.dashboards = dashboards;
  }

  /**
   * Runs {@code request} of {@code plan} in a new engine session. The session opens (a Spark
   * session: seconds) on a thread of its own while the plan's services start (a Kafka broker, a
   * simulator: seconds too), and the run begins when both are up.
   */
  public RunResult execute(Plan plan, RunRequest request) {
    EngineOpening opening = new EngineOpening(engine, plan);
    ServiceSupervisor started;
    try {
      started = services.apply(plan);
    } catch (Throwable e) { // checked ones too: Spark and its services throw them from Scala
      opening.abandon();
      throw e;
    }
    Engine.Session session;
    try {
      session = opening.session();
    } catch (Throwable e) {
      started.close();
      throw e;
    }
    try (session;
        started) { // the services stop first, then the session
      return run(plan, request, session, started);
    }
  }

  /** As above in a session the caller owns (a backfill runs its dates in one session). */
  public RunResult execute(Plan plan, RunRequest request, Engine.Session session) {
    try (ServiceSupervisor started = services.apply(plan)) {
      return run(plan, request, session, started);
    }
  }

  private RunResult run(
      Plan plan, RunRequest request, Engine.Session session, ServiceSupervisor started) {
    try (RunStore store = JdbcRunStore.open(plan.spec().settings().runStore())) {
      RunMetrics metrics =
          new RunMetrics(
              plan.spec().name(), clock, java.time.Duration.ofMinutes(1), m -> push(plan, m));
      String runId = request.runId().orElseGet(() -> RunService.newRunId(clock.now()));
      LineageEmitter lineage =
          new LineageEmitter(plan, runId, clock, text -> listener.note("lineage", text));
      lineage.runStarted();
      RunResult result =
          new RunService(
                  session.executor(started.addresses()),
                  store,
                  RunListener.all(java.util.List.of(listener, metrics, lineage)),
                  clock,
                  alerts,
                  dashboards)
              .run(plan, request.withRunId(runId));
      metrics.runFinished(result);
      lineage.runFinished(result);
      return result;
    }
  }

  /** Pushes the run's metrics where the file's {@code metrics: pushgateway} says, if it does. */
  private void push(Plan plan, RunMetrics metrics) {
    plan.spec()
        .metrics()
        .pushgateway()
        .ifPresent(
            url -> {
              try {
                Pushgateway.push(
                    url, plan.spec().metrics().job(), metrics.pipeline(), metrics.scrape());
              } catch (java.io.IOException | RuntimeException e) {
                listener.note("metrics", "Cannot push the run's metrics: " + e.getMessage());
              }
            });
  }

  /** Opens an engine session for {@code plan}'s settings (shared by several runs). */
  public Engine.Session open(Plan plan) {
    return engine.open(plan);
  }
}
