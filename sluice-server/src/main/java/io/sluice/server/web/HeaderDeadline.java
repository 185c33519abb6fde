package io.sluice.server.web;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Closes a connection whose request headers take longer than the deadline to arrive (a "slowloris"
 * client that sends a byte now and then stays under any idle timeout). Each HTTP connection is
 * looked at every quarter of the deadline: when it has been in the middle of the same request's
 * headers for the whole deadline, it is closed (between 1 and 1.25 deadlines after they began).
 * Connections waiting between requests are left to the idle timeout.
 */
final class HeaderDeadline implements Connection.Listener {
  private final long periodMillis;
  private final int patience;

  HeaderDeadline(Duration deadline) {
    // Seen in the headers at five looks a quarter apart: they have taken between 1 and 1.25 times
    // the deadline.
    this.periodMillis = Math.max(1, deadline.toMillis() / 4);
    this.patience = 5;
  }

  @Override
  public void onOpened(Connection connection) {
    if (connection instanceof HttpConnection http) {
      new Watch(http).schedule();
    }
  }

  @Override
  public void onClosed(Connection connection) {
    // a closed connection's watch sees it closed and stops
  }

  /** The watch over one connection. */
  private final class Watch implements Runnable {
    private final HttpConnection connection;
    private final Scheduler scheduler;
    private long requestsSeen = -1;
    private int strikes;

    Watch(HttpConnection connection) {
      this.connection = connection;
      this.scheduler = connection.getConnector().getScheduler();
    }

    void schedule() {
      scheduler.schedule(this, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void run() {
      if (!connection.getEndPoint().isOpen()) {
        return;
      }
      long requests = connection.getMessagesIn();
      boolean inHeaders =
          !connection.getParser().isStart() && connection.getParser().inHeaderState();
      if (inHeaders && requests == requestsSeen) {
        strikes++;
      } else {
        strikes = inHeaders ? 1 : 0;
      }
      requestsSeen = requests;
      if (strikes >= patience) {
        connection.getEndPoint().close();
        return;
      }
      schedule();
    }
  }
}
