package io.sluice.scheduler;

import io.sluice.core.run.RunListener;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * A handler of SIGINT (Ctrl-C) or SIGTERM that runs a graceful stop on its own thread instead of
 * letting the JVM shut down, and puts the previous handler back when the streams are done. Uses the
 * JDK's {@code sun.misc.Signal} (module jdk.unsupported) through reflection; where it is missing,
 * signals keep their default behaviour.
 */
final class StopSignal {
  private final Object signal;
  private final Object previous;

  private StopSignal(Object signal, Object previous) {
    this.signal = signal;
    this.previous = previous;
  }

  static List<StopSignal> install(Runnable stop, RunListener listener) {
    List<StopSignal> installed = new ArrayList<>();
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      for (String name : List.of("INT", "TERM")) {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        Object[] previous = new Object[1];
        Object handler =
            Proxy.newProxyInstance(
                StopSignal.class.getClassLoader(),
                new Class<?>[] {handlerClass},
                (proxy, method, args) -> {
                  if (method.getName().equals("handle")) {
                    // The next signal of this kind does what it did before (stop at once).
                    handle.invoke(null, signal, previous[0]);
                    listener.stopping("SIG" + name);
                    Thread stopper = new Thread(stop, "sluice-graceful-stop");
                    stopper.setDaemon(true);
                    stopper.start();
                    return null;
                  }
                  if (method.getName().equals("hashCode")) {
                    return System.identityHashCode(proxy);
                  }
                  if (method.getName().equals("equals")) {
                    return proxy == args[0];
                  }
                  return "sluice graceful stop on SIG" + name;
                });
        previous[0] = handle.invoke(null, signal, handler);
        installed.add(new StopSignal(signal, previous[0]));
      }
    } catch (ReflectiveOperationException | IllegalArgumentException unavailable) {
      // no sun.misc.Signal here, or the signal is in use by the JVM: defaults stay
    }
    return installed;
  }

  void restore() {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, previous);
    } catch (ReflectiveOperationException e) {
      // nothing to restore
    }
  }
}
