package dev.appservice.runtime.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The input position, stored in the same transaction as the effects it covers. The row also carries
 * the owner's epoch, so the fencing check and the offset write are one statement.
 */
final class OffsetStore {
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

  private final String topic;
  private final int partition;

  OffsetStore(String topic, int partition) {
    this.topic = topic;
    this.partition = partition;
  }

  /** Starts a new epoch for this worker and returns where to resume. Commits. */
  Ownership takeOver(Connection conn, String owner) throws SQLException {
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
  void advance(Connection conn, Ownership ownership, long next)
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
}
