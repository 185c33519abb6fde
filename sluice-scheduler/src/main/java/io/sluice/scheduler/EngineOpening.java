package io.sluice.scheduler;

import io.sluice.core.plan.Plan;
import io.sluice.core.run.Engine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * An engine session being opened on a thread of its own ({@code sluice-engine-open}), so that a
 * run's services start meanwhile.
 */
final class EngineOpening {
  private final CompletableFuture<Engine.Session> future = new CompletableFuture<>();

  EngineOpening(Engine engine, Plan plan) {
    Thread thread =
        new Thread(
            () -> {
              try {
                future.complete(engine.open(plan));
              } catch (Throwable e) { // Spark throws checked exceptions from Scala, too
                future.completeExceptionally(e);
              }
            },
            "sluice-engine-open");
    thread.setDaemon(true);
    thread.start();
  }

  /** The session, once open; what opening it threw, as it was thrown. */
  Engine.Session session() {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw EngineOpening.<RuntimeException>sneaky(e.getCause()); // as engine.open threw it
    }
  }

  /** Waits for the session (the run will not use it) and closes it; its failure is moot. */
  void abandon() {
    try {
      session().close();
    } catch (Exception e) { // checked ones too (see above)
      // the run failed before it needed the session; that failure is the one reported
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
