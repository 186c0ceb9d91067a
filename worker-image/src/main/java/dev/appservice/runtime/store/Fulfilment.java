package dev.appservice.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Records, in the batch transaction, that each command (input event id) was handled, and wakes the
 * API through NOTIFY, which Postgres delivers only when the transaction commits. A command id that
 * is already recorded is not handled again, so a replay from a lost offset changes nothing. A
 * batch's rows and its log entry are one statement whose rows come as binary array parameters (no
 * per-command bind, no array literals to build or parse).
 */
public final class Fulfilment {
  public static final String CHANNEL = "appservice_fulfilment";

  // One statement: the batch's parameters once (the ids serve both tables), its log entry in a
  // data-modifying CTE. A command id already recorded fails the whole statement.
  private static final String INSERT =
      """
      WITH p AS (
        SELECT ?::text AS topic, ?::integer AS part, ?::text[] AS ids
      ), log AS (
        INSERT INTO fulfilment_log (input_topic, input_partition, next_offset, command_ids)
        SELECT topic, part, ?, ids FROM p
      )
      INSERT INTO command_fulfilment (command_id, status, input_topic, input_partition,
                                      input_offset, output_events, error)
      SELECT u.id, u.status, p.topic, p.part, u.off, u.outputs, u.error
      FROM p, unnest(p.ids, ?::int8[], ?::int4[], ?::text[], ?::text[])
        AS u(id, off, outputs, error, status)
      """;
  private static final String SEEN =
      "SELECT command_id FROM command_fulfilment WHERE command_id = ANY (?)";
  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * A handled command: applied with {@code outputs} events, failed with {@code error}, or rejected
   * by the handler with {@code error} as the reason (its events are still published).
   */
  public record Entry(String commandId, long offset, int outputs, String error, boolean rejected) {
    /** {@code done}, {@code failed} or {@code rejected}: the stored status. */
    public String status() {
      return rejected ? "rejected" : error == null ? "done" : "failed";
    }
  }

  private final String topic;
  private final int partition;

  public Fulfilment(String topic, int partition) {
    this.topic = topic;
    this.partition = partition;
  }

  public Set<String> alreadyFulfilled(Connection conn, Collection<String> commandIds)
      throws SQLException {
    Set<String> seen = new HashSet<>();
    if (commandIds.isEmpty()) {
      return seen;
    }
    try (PreparedStatement st = conn.prepareStatement(SEEN)) {
      st.setObject(1, commandIds.toArray(String[]::new));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          seen.add(rs.getString(1));
        }
      }
    }
    return seen;
  }

  /**
   * Inserts the entries (their command ids are distinct) and the batch's entry in {@code
   * fulfilment_log} (its command ids, for {@link FulfilmentRetention}), in one round trip.
   *
   * @param nextOffset the input offset after the batch
   * @return false if a command id was already recorded: the statement failed and the transaction
   *     must be rolled back
   */
  public boolean record(Connection conn, List<Entry> entries, long nextOffset) throws SQLException {
    if (entries.isEmpty()) {
      return true;
    }
    int n = entries.size();
    String[] ids = new String[n];
    long[] offsets = new long[n];
    int[] outputs = new int[n];
    String[] errors = new String[n];
    String[] statuses = new String[n];
    for (int i = 0; i < n; i++) {
      Entry e = entries.get(i);
      ids[i] = e.commandId();
      offsets[i] = e.offset();
      outputs[i] = e.outputs();
      errors[i] = e.error();
      statuses[i] = e.status();
    }
    try (PreparedStatement st = conn.prepareStatement(INSERT)) {
      st.setString(1, topic);
      st.setInt(2, partition);
      st.setObject(3, ids);
      st.setLong(4, nextOffset);
      st.setObject(5, offsets);
      st.setObject(6, outputs);
      st.setObject(7, errors);
      st.setObject(8, statuses);
      st.executeUpdate();
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
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

  /**
   * A batch's notification, read back: every command of {@code partition} of {@code inputTopic}
   * below {@code nextOffset} is recorded.
   */
  public record Notification(String inputTopic, int partition, long nextOffset) {
    /**
     * @return empty for a payload that is not a batch's notification
     */
    public static Optional<Notification> parse(String payload) {
      int last = payload.lastIndexOf(':');
      int middle = last > 0 ? payload.lastIndexOf(':', last - 1) : -1;
      if (middle <= 0) {
        return Optional.empty();
      }
      try {
        return Optional.of(
            new Notification(
                payload.substring(0, middle),
                Integer.parseInt(payload.substring(middle + 1, last)),
                Long.parseLong(payload.substring(last + 1))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
  }
}
