package dev.appservice.runtime.api.routing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The input topic's routing lock, a PostgreSQL advisory lock: shared by every replica that routes,
 * exclusive for the one that switches. Only ever tried, never queued for: a request queued behind a
 * switcher's exclusive lock would hold up the replicas that queue after it.
 */
final class RoutingLocks {
  /** First key of the advisory lock (ASCII "apps"); the second is the input topic's hash. */
  private static final int LOCK_CLASS = 0x61707073;

  private static final String SHARED = "SELECT pg_try_advisory_lock_shared(?, hashtext(?))";
  private static final String UNLOCK_SHARED = "SELECT pg_advisory_unlock_shared(?, hashtext(?))";
  private static final String EXCLUSIVE = "SELECT pg_try_advisory_lock(?, hashtext(?))";
  private static final String UNLOCK = "SELECT pg_advisory_unlock(?, hashtext(?))";
  private static final String HOLDERS =
      """
      SELECT a.pid, a.client_addr, a.application_name, l.mode FROM pg_locks l
      JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ?::oid
        AND l.objid = hashtext(?)::oid AND a.pid <> pg_backend_pid()
      """;

  private final String topic;

  RoutingLocks(String topic) {
    this.topic = topic;
  }

  boolean tryShared(Connection conn) throws SQLException {
    return tryLock(conn, SHARED);
  }

  void releaseShared(Connection conn) throws SQLException {
    run(conn, UNLOCK_SHARED);
  }

  boolean tryExclusive(Connection conn) throws SQLException {
    return tryLock(conn, EXCLUSIVE);
  }

  void releaseExclusive(Connection conn) throws SQLException {
    run(conn, UNLOCK);
  }

  /** Who holds the topic's routing lock, for the log. */
  String holders(Connection conn) throws SQLException {
    StringBuilder text = new StringBuilder("routing lock held by");
    try (PreparedStatement st = conn.prepareStatement(HOLDERS)) {
      st.setInt(1, LOCK_CLASS);
      st.setString(2, topic);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          text.append(
              String.format(
                  " [pid %d, %s, %s, %s]",
                  rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        }
      }
    }
    return text.toString();
  }

  private boolean tryLock(Connection conn, String sql) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setInt(1, LOCK_CLASS);
      st.setString(2, topic);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private void run(Connection conn, String sql) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setInt(1, LOCK_CLASS);
      st.setString(2, topic);
      st.executeQuery().close();
    }
  }
}
