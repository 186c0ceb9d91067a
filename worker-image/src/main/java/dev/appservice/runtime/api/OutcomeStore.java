package dev.appservice.runtime.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Reads outcomes in one query for many commands. Per command, the batch row that holds its output
 * events is found through the primary key (the first unpublished batch ending after its offset;
 * {@code LIMIT 1} keeps the planner from unnesting every batch), and each such row's arrays are
 * unnested once however many of the commands it holds. Output event payloads come from the worker's
 * outbox batch rows, which exist from the commit that records the outcome until the next batch of
 * that partition has published them; after that the {@link RecentEvents} the API saw on the output
 * topic fill in.
 */
final class OutcomeStore {
  private static final String FIND =
      """
      WITH f AS (
        SELECT command_id, status, input_topic, input_partition, input_offset, output_events, error
        FROM command_fulfilment WHERE command_id = ANY (?)
      ), b AS MATERIALIZED (
        SELECT DISTINCT ON (b.input_topic, b.input_partition, b.next_offset) b.*
        FROM f JOIN LATERAL (
          SELECT * FROM outbox_batches b
          WHERE b.input_topic = f.input_topic AND b.input_partition = f.input_partition
            AND b.next_offset > f.input_offset AND b.first_offset <= f.input_offset
          ORDER BY b.next_offset
          LIMIT 1
        ) b ON true
      ), o AS (
        SELECT b.input_topic, b.input_partition, u.input_offset, u.idx, u.record_value, u.headers
        FROM b, unnest(b.input_offsets, b.indexes, b.topics, b.record_values, b.headers)
          AS u(input_offset, idx, topic, record_value, headers)
        WHERE u.topic = ?
      )
      SELECT f.command_id, f.status, f.input_topic, f.input_partition, f.input_offset,
             f.output_events, f.error, o.idx, o.record_value, o.headers
      FROM f LEFT JOIN o ON o.input_topic = f.input_topic
        AND o.input_partition = f.input_partition AND o.input_offset = f.input_offset
      ORDER BY f.command_id, o.idx
      """;

  /** Before the first worker of this version created outbox_batches: outcomes without payloads. */
  private static final String FIND_WITHOUT_OUTBOX =
      """
      SELECT command_id, status, input_topic, input_partition, input_offset, output_events, error,
             NULL::integer, NULL::bytea, NULL::bytea
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
    try (Connection conn = dataSource.getConnection();
        PreparedStatement st = conn.prepareStatement(sql)) {
      st.setArray(1, conn.createArrayOf("text", commandIds.toArray()));
      if (sql.equals(FIND)) {
        st.setString(2, outputTopic);
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Row row =
              rows.computeIfAbsent(
                  rs.getString(1), id -> new Row(id, outcome(rs), new HashMap<>()));
          byte[] value = rs.getBytes(9);
          if (value != null) {
            row.payloads().put(rs.getInt(8), event(value, rs.getBytes(10)));
          }
        }
      }
    }
  }

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
  private JsonNode event(byte[] value, byte[] headers) {
    RecordHeaders h = new RecordHeaders(OutboxRecord.decodeHeaders(headers));
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
