package dev.appservice.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The {@code input_routing} row of an input topic: the partition count the API replicas route
 * commands with, and the count a switch has been requested to ({@code draining_to}). The replicas
 * coordinate through it and through notifications on {@link #CHANNEL}; the protocol is in {@code
 * api/routing/DESIGN.md}.
 */
public final class RoutingTable {
  /** Replicas wake each other on this channel when a switch is requested or done. */
  public static final String CHANNEL = "appservice_routing";

  private static final String CREATE_ROW =
      "INSERT INTO input_routing (input_topic, partitions) VALUES (?, ?) ON CONFLICT DO NOTHING";
  private static final String ROW =
      "SELECT partitions, draining_to FROM input_routing WHERE input_topic = ?";
  private static final String REQUEST =
      """
      UPDATE input_routing SET draining_to = ?, updated_at = now()
      WHERE input_topic = ? AND partitions < ? AND (draining_to IS NULL OR draining_to < ?)
      """;
  private static final String SWITCH =
      """
      UPDATE input_routing SET partitions = draining_to, draining_to = NULL, updated_at = now()
      WHERE input_topic = ? AND draining_to IS NOT NULL
      """;

  /**
   * @param drainingTo the count a switch was requested to, 0 if none
   */
  public record Row(int partitions, int drainingTo) {}

  private final String topic;

  public RoutingTable(String topic) {
    this.topic = topic;
  }

  /** The routing row, created with {@code actual} if missing; null if the table does not exist. */
  public Row row(Connection conn, int actual) throws SQLException {
    try {
      try (PreparedStatement st = conn.prepareStatement(CREATE_ROW)) {
        st.setString(1, topic);
        st.setInt(2, actual);
        st.executeUpdate();
      }
      try (PreparedStatement st = conn.prepareStatement(ROW)) {
        st.setString(1, topic);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          return new Row(rs.getInt(1), rs.getInt(2));
        }
      }
    } catch (SQLException e) {
      if (Sessions.noSuchTable(e)) {
        return null;
      }
      throw e;
    }
  }

  /** Asks for a switch to {@code count} partitions, unless one to as many or more is asked. */
  public void request(Connection conn, int count) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(REQUEST)) {
      st.setInt(1, count);
      st.setString(2, topic);
      st.setInt(3, count);
      st.setInt(4, count);
      st.executeUpdate();
    }
  }

  /** Routes with the requested count from now on. */
  public void completeSwitch(Connection conn) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(SWITCH)) {
      st.setString(1, topic);
      st.executeUpdate();
    }
  }

  /** Wakes every replica's routing session. */
  public void notifyReplicas(Connection conn) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement("SELECT pg_notify(?, ?)")) {
      st.setString(1, CHANNEL);
      st.setString(2, topic);
      st.executeQuery().close();
    }
  }

  /** Why commands are held when the row routes to more partitions than the topic has. */
  public String mismatch(int routed, int actual) {
    return "input_routing routes "
        + topic
        + " to "
        + routed
        + " partitions but the topic has "
        + actual
        + " (recreated?); commands are held until the row is fixed: UPDATE input_routing"
        + " SET partitions = "
        + actual
        + " WHERE input_topic = '"
        + topic
        + "'";
  }
}
