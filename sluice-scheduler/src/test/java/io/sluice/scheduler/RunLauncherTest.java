package io.sluice.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.Engine;
import io.sluice.core.run.RunListener;
import io.sluice.core.run.RunResult;
import io.sluice.core.run.StepExecutor;
import io.sluice.core.store.RunStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The launcher opens the engine's session while the services start, runs when both are up, stops
 * the services before the session, and cleans up whichever side came up when the other failed.
 */
class RunLauncherTest {
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch servicesStarting = new CountDownLatch(1);
  private final CountDownLatch sessionOpening = new CountDownLatch(1);

  private static final Plan PLAN =
      TestPlans.plan(
          """
          pipeline: p
          run_store: jdbc:h2:mem:launcher-test;DB_CLOSE_DELAY=-1
          sources:
            raw: { type: fake, path: x }
          datasets:
            bronze.a: { from: raw }
          """);

  /** An engine whose session opens only once the services have begun to start (or never). */
  private Engine engine(RuntimeException failure) {
    return plan -> {
      sessionOpening.countDown();
      await(servicesStarting, "the services to start while the session opens");
      if (failure != null) {
        events.add("session failed");
        throw failure;
      }
      events.add("session open");
      return new Engine.Session() {
        @Override
        public StepExecutor executor(Map<String, String> services) {
          events.add("executor with " + services);
          return new FakeExecutor();
        }

        @Override
        public void close() {
          events.add("session closed");
        }
      };
    };
  }

  private Function<Plan, ServiceSupervisor> services(RuntimeException failure) {
    return plan -> {
      servicesStarting.countDown();
      await(sessionOpening, "the session to open while the services start");
      if (failure != null) {
        events.add("services failed");
        throw failure;
      }
      events.add("services started");
      return ServiceSupervisor.start(
          List.of(
              new ServiceSupervisor.Service(
                  "kafka",
                  before ->
                      new ServiceSupervisor.Started() {
                        @Override
                        public Map<String, String> addresses() {
                          return Map.of("kafka", "127.0.0.1:9092");
                        }

                        @Override
                        public void close() {
                          events.add("services stopped");
                        }
                      })),
          line -> {});
    };
  }

  private RunLauncher launcher(Engine engine, Function<Plan, ServiceSupervisor> services) {
    return new RunLauncher(
        engine,
        services,
        new RunListener() {},
        new FakeClock(java.time.Instant.parse("2026-12-07T00:00:00Z")),
        (url, body) -> Optional.empty(),
        null);
  }

  private static void await(CountDownLatch latch, String what) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("waited 30 s for " + what + ": they ran one after the other");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void theSessionOpensWhileTheServicesStartAndClosesAfterThem() {
    RunResult result = launcher(engine(null), services(null)).execute(PLAN, RunRequest.all());

    assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(events)
        .containsSubsequence(
            "executor with {kafka=127.0.0.1:9092}", "services stopped", "session closed")
        .contains("services started", "session open");
  }

  @Test
  void servicesThatFailToStartLeaveNoSessionOpen() {
    IllegalStateException failure = new IllegalStateException("cannot bind 127.0.0.1:9092");

    assertThatThrownBy(
            () -> launcher(engine(null), services(failure)).execute(PLAN, RunRequest.all()))
        .isSameAs(failure);
    assertThat(events)
        .containsExactlyInAnyOrder("services failed", "session open", "session closed");
    assertThat(events.indexOf("session closed")).isGreaterThan(events.indexOf("session open"));
  }

  @Test
  void aSessionThatFailsToOpenStopsTheServicesAndIsReportedAsThrown() {
    IllegalStateException failure = new IllegalStateException("Spark cannot bind its UI port");

    assertThatThrownBy(
            () -> launcher(engine(failure), services(null)).execute(PLAN, RunRequest.all()))
        .isSameAs(failure);
    assertThat(events)
        .containsExactlyInAnyOrder("services started", "session failed", "services stopped");
  }

  @Test
  void aCheckedExceptionFromOpeningTheSessionIsThrownAsItIsInsteadOfHangingTheRun() {
    java.net.BindException bind = new java.net.BindException("Address already in use");
    Engine sneaky =
        plan -> {
          sessionOpening.countDown();
          await(servicesStarting, "the services to start while the session opens");
          events.add("session failed");
          throw RunLauncherTest.<RuntimeException>sneaky(bind); // as Spark's Scala code throws it
        };

    assertThatThrownBy(() -> launcher(sneaky, services(null)).execute(PLAN, RunRequest.all()))
        .isSameAs(bind);
    assertThat(events)
        .containsExactlyInAnyOrder("services started", "session failed", "services stopped");
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
