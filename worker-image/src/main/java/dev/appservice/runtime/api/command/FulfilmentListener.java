package dev.appservice.runtime.api.command;

import dev.appservice.runtime.config.DatabaseSettings;
import dev.appservice.runtime.store.Fulfilment;
import dev.appservice.runtime.store.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dedicated connection that LISTENs to the workers' {@code appservice_fulfilment} channel and
 * turns each notification into {@link CommandTracker#passed}. Postgres delivers a notification only
 * when the worker's batch commits, so a woken waiter always finds its row. On any failure it
 * reconnects and re-checks every tracked command, since notifications sent while it was away are
 * lost.
 */
public final class FulfilmentListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FulfilmentListener.class);
  private static final Duration SWEEP_EVERY = Duration.ofSeconds(2);

  private final DatabaseSettings database;
  private final String inputTopic;
  private final CommandTracker tracker;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean listening;
  private volatile Connection connection;

  public FulfilmentListener(DatabaseSettings database, String inputTopic, CommandTracker tracker) {
    this.database = database;
    this.inputTopic = inputTopic;
    this.tracker = tracker;
    this.thread = Thread.ofPlatform().daemon().name("fulfilment-listener").unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  public boolean listening() {
    return listening;
  }

  private void run() {
    long backoff = 200;
    while (running) {
      try (Connection conn = Sessions.connect(database, "appservice-api-listener")) {
        connection = conn;
        try (Statement st = conn.createStatement()) {
          st.execute("LISTEN " + Fulfilment.CHANNEL);
        }
        listening = true;
        backoff = 200;
        tracker.recheckAll();
        listen(conn.unwrap(PGConnection.class));
      } catch (SQLException | RuntimeException e) {
        if (running) {
          log.warn("fulfilment listener lost its connection, reconnecting: {}", e.toString());
        }
      } finally {
        listening = false;
        connection = null;
      }
      if (running) {
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }

  private void listen(PGConnection pg) throws SQLException {
    long lastSweep = System.nanoTime();
    while (running) {
      PGNotification[] notifications = pg.getNotifications((int) SWEEP_EVERY.toMillis());
      if (notifications != null) {
        for (PGNotification n : notifications) {
          dispatch(n.getParameter());
        }
      }
      if (System.nanoTime() - lastSweep > SWEEP_EVERY.toNanos()) {
        tracker.sweep(SWEEP_EVERY);
        lastSweep = System.nanoTime();
      }
    }
  }

  /** A batch's notification ({@link Fulfilment.Notification}) wakes the commands it passed. */
  void dispatch(String payload) {
    Fulfilment.Notification.parse(payload)
        // another AppService sharing the database, or a foreign notification
        .filter(n -> n.inputTopic().equals(inputTopic))
        .ifPresentOrElse(
            n -> tracker.passed(n.partition(), n.nextOffset()),
            () -> log.debug("ignoring notification '{}'", payload));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    Connection conn = connection;
    if (conn != null) {
      try {
        conn.close();
      } catch (SQLException ignored) {
        // Closing is how the blocked read is interrupted.
      }
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
