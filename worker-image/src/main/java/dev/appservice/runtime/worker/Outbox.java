package dev.appservice.runtime.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Output and dead-letter records are written in the batch transaction, so they are exactly as
 * durable as the effects, and published after commit. Rows are deleted lazily by the next batch
 * transaction once published; a crash in between only republishes records with the same ids.
 */
final class Outbox {
  private static final String INSERT =
      """
      INSERT INTO outbox (input_topic, input_partition, input_offset, idx, event_id, topic,
                          record_key, record_value, headers)
      SELECT ?, ?, * FROM unnest(?::bigint[], ?::int[], ?::text[], ?::text[], ?::bytea[],
                                 ?::bytea[], ?::bytea[])
      """;
  private static final String DELETE_BELOW =
      "DELETE FROM outbox WHERE input_topic = ? AND input_partition = ? AND input_offset < ?";
  private static final String PENDING =
      """
      SELECT input_offset, idx, event_id, topic, record_key, record_value, headers FROM outbox
      WHERE input_topic = ? AND input_partition = ? ORDER BY input_offset, idx
      """;

  private final String inputTopic;
  private final int partition;

  Outbox(String inputTopic, int partition) {
    this.inputTopic = inputTopic;
    this.partition = partition;
  }

  void insert(Connection conn, List<OutboxRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return;
    }
    int n = records.size();
    Long[] offsets = new Long[n];
    Integer[] indexes = new Integer[n];
    String[] ids = new String[n];
    String[] topics = new String[n];
    byte[][] keys = new byte[n][];
    byte[][] values = new byte[n][];
    byte[][] headers = new byte[n][];
    for (int i = 0; i < n; i++) {
      OutboxRecord r = records.get(i);
      offsets[i] = r.inputOffset();
      indexes[i] = r.index();
      ids[i] = r.eventId();
      topics[i] = r.topic();
      keys[i] = r.key();
      values[i] = r.value();
      headers[i] = r.encodedHeaders();
    }
    // One statement for the whole batch: arrays and unnest instead of a row per bind.
    try (PreparedStatement st = conn.prepareStatement(INSERT)) {
      st.setString(1, inputTopic);
      st.setInt(2, partition);
      st.setArray(3, conn.createArrayOf("int8", offsets));
      st.setArray(4, conn.createArrayOf("int4", indexes));
      st.setArray(5, conn.createArrayOf("text", ids));
      st.setArray(6, conn.createArrayOf("text", topics));
      st.setArray(7, conn.createArrayOf("bytea", keys));
      st.setArray(8, conn.createArrayOf("bytea", values));
      st.setArray(9, conn.createArrayOf("bytea", headers));
      st.executeUpdate();
    }
  }

  /** Deletes rows for input offsets below {@code offset}: all of them are acknowledged. */
  void deletePublished(Connection conn, long offset) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(DELETE_BELOW)) {
      st.setString(1, inputTopic);
      st.setInt(2, partition);
      st.setLong(3, offset);
      st.executeUpdate();
    }
  }

  /** Rows left by a previous life of this worker (committed but maybe never published). */
  List<OutboxRecord> pending(Connection conn) throws SQLException {
    List<OutboxRecord> records = new ArrayList<>();
    try (PreparedStatement st = conn.prepareStatement(PENDING)) {
      st.setString(1, inputTopic);
      st.setInt(2, partition);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          records.add(
              new OutboxRecord(
                  rs.getLong(1),
                  rs.getInt(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getBytes(5),
                  rs.getBytes(6),
                  OutboxRecord.decodeHeaders(rs.getBytes(7))));
        }
      }
    }
    return records;
  }

  /**
   * Sends the records in order and waits until all are acknowledged (acks=all, idempotent).
   *
   * @throws ExecutionException if any record was not acknowledged; the rows stay and are resent
   */
  static void publish(Producer<byte[], byte[]> producer, List<OutboxRecord> records)
      throws ExecutionException, InterruptedException {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    for (OutboxRecord r : records) {
      acks.add(producer.send(r.toProducerRecord()));
    }
    producer.flush();
    for (Future<RecordMetadata> ack : acks) {
      ack.get();
    }
  }
}
