package dev.appservice.runtime.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Records, in the batch transaction, that each command (input event id) was handled, and wakes the
 * API through NOTIFY, which Postgres delivers only when the transaction commits. A command id that
 * is already recorded is not handled again, so a replay from a lost offset changes nothing. All
 * rows of a batch go in one statement (arrays + unnest): no per-command round trip or bind.
 */
public final class Fulfilment {
  public static final String CHANNEL = "appservice_fulfilment";

  private static final String INSERT =
      """
      INSERT INTO command_fulfilment (command_id, status, input_topic, input_partition,
                                      input_offset, output_events, error)
      SELECT u.id, u.status, ?, ?, u.input_offset, u.outputs, u.error
      FROM unnest(?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[])
        AS u(id, status, input_offset, outputs, error)
      ON CONFLICT (command_id) DO NOTHING
      """;
  private static final String SEEN =
      "SELECT command_id FROM command_fulfilment WHERE command_id = ANY (?)";
  private static final String NOTIFY = "SELECT pg_notify(?, ?)";

  /** A handled command: applied with {@code outputs} events, or failed with {@code error}. */
  record Entry(String commandId, long offset, int outputs, String error) {}

  private final String topic;
  private final int partition;

  Fulfilment(String topic, int partition) {
    this.topic = topic;
    this.partition = partition;
  }

  Set<String> alreadyFulfilled(Connection conn, Collection<String> commandIds) throws SQLException {
    Set<String> seen = new HashSet<>();
    if (commandIds.isEmpty()) {
      return seen;
    }
    try (PreparedStatement st = conn.prepareStatement(SEEN)) {
      st.setArray(1, conn.createArrayOf("text", commandIds.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          seen.add(rs.getString(1));
        }
      }
    }
    return seen;
  }

  void record(Connection conn, List<Entry> entries) throws SQLException {
    if (entries.isEmpty()) {
      return;
    }
    int n = entries.size();
    String[] ids = new String[n];
    String[] statuses = new String[n];
    Long[] offsets = new Long[n];
    Integer[] outputs = new Integer[n];
    String[] errors = new String[n];
    for (int i = 0; i < n; i++) {
      Entry e = entries.get(i);
      ids[i] = e.commandId();
      statuses[i] = e.error() == null ? "done" : "failed";
      offsets[i] = e.offset();
      outputs[i] = e.outputs();
      errors[i] = e.error();
    }
    try (PreparedStatement st = conn.prepareStatement(INSERT)) {
      st.setString(1, topic);
      st.setInt(2, partition);
      st.setArray(3, conn.createArrayOf("text", ids));
      st.setArray(4, conn.createArrayOf("text", statuses));
      st.setArray(5, conn.createArrayOf("int8", offsets));
      st.setArray(6, conn.createArrayOf("int4", outputs));
      st.setArray(7, conn.createArrayOf("text", errors));
      st.executeUpdate();
    }
  }

  /**
   * One notification per batch, {@code <input-topic>:<partition>:<next-offset>}: every command of
   * the partition below that offset is now recorded. A waiter that knows its command's position
   * (the API gets it from the producer's acknowledgement) wakes on the first notification that
   * passes it, then reads its row. Per-command notifications would cost a queue entry each.
   */
  void notifyCommitted(Connection conn, long nextOffset) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(NOTIFY)) {
      st.setString(1, CHANNEL);
      st.setString(2, topic + ":" + partition + ":" + nextOffset);
      st.executeQuery().close();
    }
  }
}
