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
  private static final String COPY =
      """
      COPY outbox (input_topic, input_partition, input_offset, idx, event_id, topic, record_key,
                   record_value, headers) FROM STDIN (FORMAT binary)
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
    // One binary COPY for the whole batch: no SQL text, no array literals to build and split.
    BinaryCopy rows = new BinaryCopy(9);
    for (OutboxRecord r : records) {
      rows.row()
          .text(inputTopic)
          .int4(partition)
          .int8(r.inputOffset())
          .int4(r.index())
          .text(r.eventId())
          .text(r.topic())
          .bytes(r.key())
          .bytes(r.value())
          .bytes(r.encodedHeaders());
    }
    rows.copyInto(conn, COPY);
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
    List<Future<RecordMetadata>> acks = send(producer, records);
    producer.flush();
    awaitAcks(acks);
  }

  /**
   * Hands the records to the producer in order without waiting (it sends them after linger.ms). A
   * send that fails at once (buffer full, closed producer) fails as an acknowledgement would.
   */
  static List<Future<RecordMetadata>> send(
      Producer<byte[], byte[]> producer, List<OutboxRecord> records) {
    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
    for (OutboxRecord r : records) {
      acks.add(producer.send(r.toProducerRecord()));
    }
    return acks;
  }

  /** Waits for every acknowledgement, in order. */
  static void awaitAcks(List<Future<RecordMetadata>> acks)
      throws ExecutionException, InterruptedException {
    for (Future<RecordMetadata> ack : acks) {
      ack.get();
    }
  }
}
