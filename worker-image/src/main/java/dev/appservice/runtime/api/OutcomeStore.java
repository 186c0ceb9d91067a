package dev.appservice.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.worker.OutboxBlock;
import dev.appservice.runtime.worker.OutboxRecord;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Reads outcomes in one query for many commands. Per command, the outbox block that holds its
 * output events is found through the primary key (the first unpublished block ending after its
 * offset; {@code LIMIT 1} keeps the planner from reading every block), and each such block is sent
 * and decoded once however many of the commands it holds. Output event payloads come from the
 * worker's outbox blocks, which exist from the commit that records the outcome until the next batch
 * of that partition has published them; after that (and for batches that workers of an older
 * version wrote in another layout) the {@link RecentEvents} the API saw on the output topic fill
 * in.
 */
final class OutcomeStore {
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

  private final DataSource dataSource;
  private final String outputTopic;
  private final RecentEvents recent;
  private final ObjectMapper json;
  private final JsonFormat format = new JsonFormat();

  OutcomeStore(DataSource dataSource, String outputTopic, RecentEvents recent, ObjectMapper json) {
    this.dataSource = dataSource;
    this.outputTopic = outputTopic;
    this.recent = recent;
    this.json = json;
  }

  private static final String STORED_OFFSET =
      "SELECT next_offset FROM input_offsets WHERE input_topic = ? AND input_partition = ?";

  /**
   * Where the worker of an input partition will resume: every command below it is recorded (the
   * offset moves in the transaction that records them), or -1 if no worker has owned the partition.
   */
  long storedNextOffset(String inputTopic, int partition) throws SQLException {
    try (Connection conn = dataSource.getConnection();
        PreparedStatement st = conn.prepareStatement(STORED_OFFSET)) {
      st.setString(1, inputTopic);
      st.setInt(2, partition);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return -1; // no worker has created the runtime tables yet
      }
      throw e;
    }
  }

  Optional<Outcome> find(String commandId) throws SQLException {
    return Optional.ofNullable(find(List.of(commandId)).get(commandId));
  }

  Map<String, Outcome> find(Collection<String> commandIds) throws SQLException {
    Map<String, Row> rows = new LinkedHashMap<>();
    try {
      read(FIND, commandIds, rows);
    } catch (SQLException e) {
      if (!"42P01".equals(e.getSQLState())) {
        throw e;
      }
      try {
        // An upgrade in progress: no worker of this version has migrated the schema yet.
        read(FIND_WITHOUT_OUTBOX, commandIds, rows);
      } catch (SQLException again) {
        if (!"42P01".equals(again.getSQLState())) {
          throw again;
        }
        // No worker has created the runtime tables yet: nothing is recorded.
      }
    }
    Map<String, Outcome> outcomes = new HashMap<>();
    rows.values().forEach(r -> outcomes.put(r.id(), r.outcome(recent)));
    return outcomes;
  }

  private void read(String sql, Collection<String> commandIds, Map<String, Row> rows)
      throws SQLException {
    // Per block, its output records by input offset: each command looks up its own, instead of
    // every command of a block walking all of the block's records.
    Map<BlockKey, Map<Long, List<OutboxRecord>>> blocks = new HashMap<>();
    Map<String, BlockKey> blockOf = new HashMap<>();
    try (Connection conn = dataSource.getConnection();
        PreparedStatement st = conn.prepareStatement(sql)) {
      st.setArray(1, conn.createArrayOf("text", commandIds.toArray()));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Row row =
              rows.computeIfAbsent(
                  rs.getString(1), id -> new Row(id, outcome(rs), new HashMap<>()));
          long nextOffset = rs.getLong(8);
          if (!rs.wasNull()) {
            BlockKey key =
                new BlockKey(row.base().inputTopic(), row.base().partition(), nextOffset);
            blockOf.put(row.id(), key);
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
          Row row = rows.get(id);
          for (OutboxRecord r :
              blocks.getOrDefault(key, Map.of()).getOrDefault(row.base().offset(), List.of())) {
            row.payloads().put(r.index(), event(r.value(), r.headers()));
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

  private static Outcome outcome(ResultSet rs) {
    try {
      String topic = rs.getString(3);
      int partition = rs.getInt(4);
      long offset = rs.getLong(5);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < rs.getInt(6); i++) {
        ids.add(topic + "/" + partition + "/" + offset + "/" + i);
      }
      return new Outcome(
          rs.getString(1),
          rs.getString(2),
          topic,
          partition,
          offset,
          ids,
          List.of(),
          rs.getString(7));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Binary-mode Kafka record (as the worker writes it) to structured CloudEvents JSON. */
  private JsonNode event(byte[] value, List<Header> headers) {
    RecordHeaders h = new RecordHeaders(headers);
    try (CloudEventDeserializer d = new CloudEventDeserializer()) {
      CloudEvent event = d.deserialize(outputTopic, h, value);
      return json.readTree(format.serialize(event));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Row(String id, Outcome base, Map<Integer, JsonNode> payloads) {
    Outcome outcome(RecentEvents recent) {
      List<JsonNode> events = new ArrayList<>();
      for (int i = 0; i < base.eventIds().size(); i++) {
        JsonNode e = payloads.get(i);
        if (e == null) {
          e = recent.get(base.eventIds().get(i));
        }
        if (e == null) {
          break; // partial lists would be misleading: a prefix at most
        }
        events.add(e);
      }
      return new Outcome(
          base.commandId(),
          base.status(),
          base.inputTopic(),
          base.partition(),
          base.offset(),
          base.eventIds(),
          List.copyOf(events),
          base.error());
    }
  }
}
