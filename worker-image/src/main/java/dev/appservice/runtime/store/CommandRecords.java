package dev.appservice.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the workers recorded for commands, many in one query. Per command, the outbox block
 * that holds its output events is found through the primary key (the first unpublished block ending
 * after its offset; {@code LIMIT 1} keeps the planner from reading every block), and each such
 * block is sent and decoded once however many of the commands it holds. A block exists from the
 * commit that records the outcome until the next batch of that partition has published it; after
 * that (and for batches that workers of an older version wrote in another layout) a command comes
 * without its output records.
 */
public final class CommandRecords {
  private static final String FIND =
      """
      WITH f AS (
        SELECT command_id, status, input_topic, input_partition, input_offset, output_events, error
        FROM command_fulfilment WHERE command_id = ANY (?)
      ), b AS MATERIALIZED (
        SELECT f.command_id, b.input_topic, b.input_partition, b.next_offset, b.block
        FROM f JOIN LATERAL (
          SELECT input_topic, input_partition, next_offset, block FROM outbox_blocks b
          WHERE b.input_topic = f.input_topic AND b.input_partition = f.input_partition
            AND b.next_offset > f.input_offset AND b.first_offset <= f.input_offset
          ORDER BY b.next_offset
          LIMIT 1
        ) b ON true
      )
      SELECT f.command_id, f.status, f.input_topic, f.input_partition, f.input_offset,
             f.output_events, f.error, b.next_offset,
             CASE WHEN row_number() OVER (PARTITION BY b.input_topic, b.input_partition,
                                          b.next_offset ORDER BY f.command_id) = 1
                  THEN b.block END
      FROM f LEFT JOIN b USING (command_id)
      """;

  /** Before the first worker of this version created outbox_blocks: outcomes without payloads. */
  private static final String FIND_WITHOUT_OUTBOX =
      """
      SELECT command_id, status, input_topic, input_partition, input_offset, output_events, error,
             NULL::bigint, NULL::bytea
      FROM command_fulfilment WHERE command_id = ANY (?)
      """;

  /**
   * A command as its worker recorded it.
   *
   * @param status {@code done} or {@code failed}
   * @param eventIds the ids of its output events, in order
   * @param outputs its records for the output topic that its outbox block still holds, by index
   *     among them (empty once published)
   */
  public record Recorded(
      String commandId,
      String status,
      String inputTopic,
      int partition,
      long offset,
      List<String> eventIds,
      Map<Integer, OutboxRecord> outputs,
      String error) {}

  private final String outputTopic;

  /**
   * @param outputTopic the topic whose records are outputs (a block also holds dead letters)
   */
  public CommandRecords(String outputTopic) {
    this.outputTopic = outputTopic;
  }

  /** The recorded commands among {@code commandIds}, by id; none while no worker has migrated. */
  public Map<String, Recorded> find(Connection conn, Collection<String> commandIds)
      throws SQLException {
    Map<String, Recorded> rows = new LinkedHashMap<>();
    try {
      read(conn, FIND, commandIds, rows);
    } catch (SQLException e) {
      if (!Sessions.noSuchTable(e)) {
        throw e;
      }
      try {
        // An upgrade in progress: no worker of this version has migrated the schema yet.
        read(conn, FIND_WITHOUT_OUTBOX, commandIds, rows);
      } catch (SQLException again) {
        if (!Sessions.noSuchTable(again)) {
          throw again;
        }
        // No worker has created the runtime tables yet: nothing is recorded.
      }
    }
    return rows;
  }

  private void read(
      Connection conn, String sql, Collection<String> commandIds, Map<String, Recorded> rows)
      throws SQLException {
    // Per block, its output records by input offset: each command looks up its own, instead of
    // every command of a block walking all of the block's records.
    Map<BlockKey, Map<Long, List<OutboxRecord>>> blocks = new HashMap<>();
    Map<String, BlockKey> blockOf = new HashMap<>();
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setArray(1, conn.createArrayOf("text", commandIds.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Recorded row = rows.computeIfAbsent(rs.getString(1), id -> recorded(rs));
          long nextOffset = rs.getLong(8);
          if (!rs.wasNull()) {
            BlockKey key = new BlockKey(row.inputTopic(), row.partition(), nextOffset);
            blockOf.put(row.commandId(), key);
            byte[] block = rs.getBytes(9);
            if (block != null) {
              blocks.put(key, outputsByOffset(OutboxBlock.decode(block)));
            }
          }
        }
      }
    }
    blockOf.forEach(
        (id, key) -> {
          Recorded row = rows.get(id);
          for (OutboxRecord r :
              blocks.getOrDefault(key, Map.of()).getOrDefault(row.offset(), List.of())) {
            row.outputs().put(r.index(), r);
          }
        });
  }

  /** The block's records for the output topic (not its dead letters), by input offset. */
  private Map<Long, List<OutboxRecord>> outputsByOffset(List<OutboxRecord> records) {
    Map<Long, List<OutboxRecord>> byOffset = new HashMap<>();
    for (OutboxRecord r : records) {
      if (r.topic().equals(outputTopic)) {
        byOffset.computeIfAbsent(r.inputOffset(), o -> new ArrayList<>()).add(r);
      }
    }
    return byOffset;
  }

  /** An outbox block: the input partition and the offset its batch ended at. */
  private record BlockKey(String inputTopic, int partition, long nextOffset) {}

  private static Recorded recorded(ResultSet rs) {
    try {
      String topic = rs.getString(3);
      int partition = rs.getInt(4);
      long offset = rs.getLong(5);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < rs.getInt(6); i++) {
        ids.add(OutboxRecord.eventId(topic, partition, offset, Integer.toString(i)));
      }
      return new Recorded(
          rs.getString(1),
          rs.getString(2),
          topic,
          partition,
          offset,
          ids,
          new HashMap<>(),
          rs.getString(7));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
