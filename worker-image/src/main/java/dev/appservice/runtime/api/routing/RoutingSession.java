package dev.appservice.runtime.api.routing;

import dev.appservice.runtime.config.DatabaseSettings;
import dev.appservice.runtime.store.RoutingTable;
import dev.appservice.runtime.store.Sessions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This replica's routing session: one database connection that holds the shared routing lock,
 * LISTENs for switch requests, proves itself every second (which renews the gate's lease), and
 * watches the topic's partition count and the routing row. It reconnects with back-off; while it
 * has no session, the gate holds commands.
 */
final class RoutingSession {
  private static final Logger log = LoggerFactory.getLogger(RoutingSession.class);
  private static final Duration ALIVE_EVERY = Duration.ofSeconds(1);

  private final DatabaseSettings database;
  private final String sessionName;
  private final GateControl gate;
  private final InputTopic input;
  private final RoutingTable table;
  private final RoutingLocks locks;
  private final PartitionSwitch switcher;
  private final BooleanSupplier running;
  private volatile Connection connection;

  /**
   * The topic's partition count as last read (off the session thread: it may be slow); 0 unknown.
   */
  private volatile int topicPartitions;

  /** The last routing problem logged, so that it is logged once, not every second. */
  private String reported;

  RoutingSession(
      DatabaseSettings database,
      String sessionName,
      GateControl gate,
      InputTopic input,
      BooleanSupplier running) {
    this.database = database;
    this.sessionName = sessionName;
    this.gate = gate;
    this.input = input;
    this.table = new RoutingTable(input.name());
    this.locks = new RoutingLocks(input.name());
    this.running = running;
    this.switcher = new PartitionSwitch(gate, table, locks, input, running, this::report);
  }

  /** Reads the topic's partition count; runs on a schedule of its own. */
  void readTopicPartitions() {
    try {
      topicPartitions = input.partitions();
    } catch (RuntimeException e) {
      report("cannot read the partitions of " + input.name() + ": " + e.getMessage());
    }
  }

  /** The session thread's body: sessions, one after another, until the gate closes. */
  void run() {
    long backoff = 200;
    try {
      while (running.getAsBoolean()) {
        Connection conn = null;
        try {
          Properties props = new Properties();
          // Every statement here is short (locks are only tried): a read that hangs longer means
          // the session is likely gone, so reconnect. (Routing already stopped with the lease.)
          props.setProperty(
              "socketTimeout", Long.toString(RoutingTimings.SOCKET_TIMEOUT.toSeconds()));
          conn = Sessions.connect(database, sessionName, props);
          connection = conn;
          try (Statement st = conn.createStatement()) {
            st.execute("LISTEN " + RoutingTable.CHANNEL);
          }
          takeShared(conn);
          backoff = 200;
          watch(conn);
        } catch (SQLException | RuntimeException e) {
          if (running.getAsBoolean()) {
            log.warn("routing gate lost its database connection, reconnecting: {}", e.toString());
          }
        } finally {
          // Stop routing and flush before the lock goes with the connection: a switch may start
          // the moment it is released.
          try {
            gate.hold("the routing gate lost its database session");
          } catch (RuntimeException e) {
            log.debug("flushing before the lock goes failed: {}", e.toString());
          } finally {
            connection = null;
            closeQuietly(conn);
          }
        }
        if (running.getAsBoolean()) {
          Thread.sleep(backoff);
          backoff = Math.min(backoff * 2, 5_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable t) {
      if (running.getAsBoolean()) {
        log.error("routing gate failed; this replica holds every command from now on", t);
      }
    }
  }

  /** Takes the shared lock, without queueing. Waits while a switch holds the exclusive lock. */
  private void takeShared(Connection conn) throws SQLException, InterruptedException {
    long since = System.nanoTime();
    while (running.getAsBoolean() && !locks.tryShared(conn)) {
      if (System.nanoTime() - since > TimeUnit.SECONDS.toNanos(30)) {
        report("still waiting to route " + input.name() + ": " + locks.holders(conn));
        since = System.nanoTime();
      }
      Thread.sleep(RoutingTimings.POLL.toMillis());
    }
  }

  /**
   * Holding the shared lock: route, check the session every second, and look for a grown topic or a
   * requested switch.
   */
  private void watch(Connection conn) throws SQLException, InterruptedException {
    PGConnection pg = conn.unwrap(PGConnection.class);
    while (running.getAsBoolean()) {
      int actual = topicPartitions;
      if (actual == 0) {
        Thread.sleep(RoutingTimings.POLL.toMillis()); // not known yet
        continue;
      }
      // The reply proves the session, and so the lock, alive as of when the request left at the
      // latest: the lease counts from then, not from the reply, which may come late.
      long asked = System.nanoTime();
      RoutingTable.Row row = table.row(conn, actual);
      if (row == null) {
        gate.openWith(actual, asked); // no input_routing yet: the workers have not migrated
      } else if (row.drainingTo() > 0 || actual > row.partitions()) {
        switcher.switchTo(conn, Math.max(actual, row.drainingTo()));
        takeShared(conn);
        continue;
      } else if (actual < row.partitions()) {
        String problem = table.mismatch(row.partitions(), actual);
        report(problem);
        gate.hold(problem);
      } else {
        gate.openWith(row.partitions(), asked);
      }
      // A notification (another replica asks for a switch) ends the wait early; the row says why.
      pg.getNotifications((int) ALIVE_EVERY.toMillis());
    }
  }

  private void report(String problem) {
    if (!problem.equals(reported)) {
      log.error(problem);
      reported = problem;
    }
  }

  /** Ends the session, which unblocks a read of the session thread. */
  void disconnect() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection conn) {
    if (conn != null) {
      try {
        conn.close();
      } catch (SQLException ignored) {
        // The session ends with it either way.
      }
    }
  }
}
