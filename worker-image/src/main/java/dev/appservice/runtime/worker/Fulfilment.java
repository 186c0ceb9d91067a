package dev.appservice.runtime.worker;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Records, in the batch transaction, that each command (input event id) was handled, and wakes the
 * API through NOTIFY, which Postgres delivers only when the transaction commits. A command id that
 * is already recorded is not handled again, so a replay from a lost offset changes nothing. All
 * rows of a batch go in one binary COPY: no per-command round trip, bind or SQL parsing.
 */
public final class Fulfilment {
  public static final String CHANNEL = "appservice_fulfilment";

  private static final String COPY =
      """
      COPY command_fulfilment (command_id, status, input_topic, input_partition, input_offset,
                               output_events, error) FROM STDIN (FORMAT binary)
      """;
  private static final String COPY_LOG =
      """
      COPY fulfilment_log (input_topic, input_partition, next_offset, command_ids)
      FROM STDIN (FORMAT binary)
      """;
  private static final String SEEN =
      "SELECT command_id FROM command_fulfilment WHERE command_id = ANY (?)";
  private static final String UNIQUE_VIOLATION = "23505";

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

  /**
   * Inserts the entries (their command ids are distinct) with one binary COPY, and the batch's
   * entry in {@code fulfilment_log} (its command ids, for {@link FulfilmentRetention}).
   *
   * @param nextOffset the input offset after the batch
   * @return false if a command id was already recorded: the statement failed and the transaction
   *     must be rolled back
   */
  boolean record(Connection conn, List<Entry> entries, long nextOffset) throws SQLException {
    if (entries.isEmpty()) {
      return true;
    }
    BinaryCopy rows = new BinaryCopy(7);
    for (Entry e : entries) {
      rows.row()
          .text(e.commandId())
          .text(e.error() == null ? "done" : "failed")
          .text(topic)
          .int4(partition)
          .int8(e.offset())
          .int4(e.outputs())
          .text(e.error());
    }
    try {
      rows.copyInto(conn, COPY);
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
    List<byte[]> ids = new ArrayList<>(entries.size());
    entries.forEach(e -> ids.add(e.commandId().getBytes(StandardCharsets.UTF_8)));
    new BinaryCopy(4)
        .row()
        .text(topic)
        .int4(partition)
        .int8(nextOffset)
        .array(BinaryCopy.TEXT, ids)
        .copyInto(conn, COPY_LOG);
    return true;
  }

  /**
   * The notification of a batch, {@code <input-topic>:<partition>:<next-offset>}: every command of
   * the partition below that offset is now recorded. A waiter that knows its command's position
   * (the API gets it from the producer's acknowledgement) wakes on the first notification that
   * passes it, then reads its row. Per-command notifications would cost a queue entry each. It is
   * queued by the batch's offset update ({@link OffsetStore#advance}) and, like every NOTIFY,
   * delivered only if the transaction commits.
   */
  static String payload(String topic, int partition, long nextOffset) {
    return topic + ":" + partition + ":" + nextOffset;
  }
}
