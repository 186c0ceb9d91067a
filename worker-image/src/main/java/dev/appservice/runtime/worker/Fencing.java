package dev.appservice.runtime.worker;

import dev.appservice.runtime.config.DatabaseSettings;
import dev.appservice.runtime.store.ConnectionRefusals;
import dev.appservice.runtime.store.OffsetStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a second worker for the same partition from starting: a session-level advisory lock held on
 * a dedicated connection for the worker's lifetime. The lock alone cannot stop a worker whose
 * session died without it noticing, so the epoch in {@link OffsetStore} is checked in every batch.
 */
final class Fencing implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Fencing.class);

  private final DatabaseSettings database;
  private final Runnable onTooManyClients;
  private final int lockClass;
  private final int partition;
  private Connection session;

  Fencing(DatabaseSettings database, String topic, int partition, Runnable onTooManyClients) {
    this.database = database;
    this.onTooManyClients = onTooManyClients;
    this.lockClass = topic.hashCode();
    this.partition = partition;
  }

  /**
   * Blocks until this worker holds the partition lock or {@code keepTrying} turns false.
   *
   * @return whether the lock is held
   */
  boolean acquire(BooleanSupplier keepTrying, Backoff backoff) throws InterruptedException {
    boolean waitingLogged = false;
    while (keepTrying.getAsBoolean()) {
      try {
        if (tryLock()) {
          return true;
        }
        if (!waitingLogged) {
          log.warn("partition {} is owned by another worker; waiting for its lock", partition);
          waitingLogged = true;
        }
        backoff.reset();
        Thread.sleep(1000);
      } catch (SQLException e) {
        if (ConnectionRefusals.tooManyClients(e)) {
          onTooManyClients.run();
          log.warn("cannot take the partition lock yet: {}", ConnectionRefusals.EXPLANATION);
        } else {
          log.warn("cannot take the partition lock yet: {}", e.getMessage());
        }
        closeQuietly();
        backoff.sleep();
      }
    }
    return false;
  }

  private boolean tryLock() throws SQLException {
    if (session == null || session.isClosed()) {
      session = open();
    }
    try (PreparedStatement st = session.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
      st.setInt(1, lockClass);
      st.setInt(2, partition);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  /** Whether the session that holds the lock is still alive (if not, the lock is gone). */
  boolean held() {
    try {
      return session != null && session.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private Connection open() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", database.user());
    props.setProperty("password", database.password());
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("ApplicationName", "appservice-fencing");
    return DriverManager.getConnection(database.jdbcUrl(), props);
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (session != null) {
      try {
        session.close();
      } catch (SQLException ignored) {
        // The lock dies with the session, which is what closing is for.
      }
      session = null;
    }
  }
}
