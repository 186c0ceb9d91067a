package dev.appservice.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The input position, stored in the same transaction as the effects it covers. The row also carries
 * the owner's epoch, so the fencing check and the offset write are one statement.
 */
public final class OffsetStore {
  private static final String TAKE_OVER =
      """
      INSERT INTO input_offsets (input_topic, input_partition, next_offset, epoch, owner)
      VALUES (?, ?, 0, nextval('partition_epoch'), ?)
      ON CONFLICT (input_topic, input_partition) DO UPDATE
        SET epoch = excluded.epoch, owner = excluded.owner, updated_at = now()
      RETURNING epoch, next_offset
      """;
  // The batch's NOTIFY rides on this statement (one round trip less per batch): Postgres queues it
  // only if the row is updated (not fenced) and delivers it only when the transaction commits.
  private static final String ADVANCE =
      """
      UPDATE input_offsets SET next_offset = ?, updated_at = now()
      WHERE input_topic = ? AND input_partition = ? AND epoch = ? AND next_offset = ?
      RETURNING pg_notify(?, ?)
      """;

  private static final String STORED =
      "SELECT input_partition, next_offset FROM input_offsets WHERE input_topic = ?";
  private static final String STORED_ONE =
      "SELECT next_offset FROM input_offsets WHERE input_topic = ? AND input_partition = ?";
  private static final String TOTAL = "SELECT coalesce(sum(next_offset), 0) FROM input_offsets";

  private final String topic;
  private final int partition;

  public OffsetStore(String topic, int partition) {
    this.topic = topic;
    this.partition = partition;
  }

  /** Starts a new epoch for this worker and returns where to resume. Commits. */
  public Ownership takeOver(Connection conn, String owner) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(TAKE_OVER)) {
      st.setString(1, topic);
      st.setInt(2, partition);
      st.setString(3, owner);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        Ownership ownership = new Ownership(topic, partition, rs.getLong(1), rs.getLong(2));
        conn.commit();
        return ownership;
      }
    }
  }

  /**
   * Moves the stored offset from {@code ownership.nextOffset()} to {@code next} inside the batch
   * transaction, and queues the batch's notification to the API. Runs first in the transaction so
   * the row lock orders it against a takeover.
   *
   * @throws FencedException if another worker took over or wrote since this one did
   */
  public void advance(Connection conn, Ownership ownership, long next)
      throws SQLException, FencedException {
    try (PreparedStatement st = conn.prepareStatement(ADVANCE)) {
      st.setLong(1, next);
      st.setString(2, topic);
      st.setInt(3, partition);
      st.setLong(4, ownership.epoch());
      st.setLong(5, ownership.nextOffset());
      st.setString(6, Fulfilment.CHANNEL);
      st.setString(7, Fulfilment.payload(topic, partition, next));
      boolean advanced;
      try (ResultSet rs = st.executeQuery()) {
        advanced = rs.next();
      }
      if (!advanced) {
        throw new FencedException(
            "partition "
                + topic
                + "/"
                + partition
                + " was taken over: epoch "
                + ownership.epoch()
                + " is no longer current");
      }
    }
  }

  /**
   * Where the worker of an input partition will resume: every command below it is recorded (the
   * offset moves in the transaction that records them), or -1 if no worker has owned the partition.
   */
  public static long storedNextOffset(Connection conn, String topic, int partition)
      throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(STORED_ONE)) {
      st.setString(1, topic);
      st.setInt(2, partition);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    } catch (SQLException e) {
      if (Sessions.noSuchTable(e)) {
        return -1; // no worker has created the runtime tables yet
      }
      throw e;
    }
  }

  /** The stored next offset of every partition of {@code topic} that a worker has owned. */
  public static Map<Integer, Long> storedOffsets(Connection conn, String topic)
      throws SQLException {
    Map<Integer, Long> stored = new HashMap<>();
    try (PreparedStatement st = conn.prepareStatement(STORED)) {
      st.setString(1, topic);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          stored.put(rs.getInt(1), rs.getLong(2));
        }
      }
    }
    return stored;
  }

  /** The input events applied so far, over every topic and partition of the database. */
  public static long totalApplied(Connection conn) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(TOTAL);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
