package dev.appservice.runtime.worker;

import java.nio.charset.StandardCharsets;
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
 * durable as the effects, and published after commit. A batch's records are one row of {@code
 * outbox_batches}, column by column in arrays: one tuple (and its TOAST chunks) per batch instead
 * of a tuple and an index entry per record. Rows are deleted lazily by the next batch transaction
 * once published; a crash in between only republishes records with the same ids.
 *
 * <p>Rows of the per-record {@code outbox} table that a worker of an older version left behind are
 * published first when a worker takes the partition over (see {@code V2} of the runtime's
 * migrations).
 */
final class Outbox {
  private static final String COPY =
      """
      COPY outbox_batches (input_topic, input_partition, first_offset, next_offset, input_offsets,
                           indexes, event_ids, topics, record_keys, record_values, headers)
      FROM STDIN (FORMAT binary)
      """;
  private static final String DELETE_BELOW =
      """
      DELETE FROM outbox_batches
      WHERE input_topic = ? AND input_partition = ? AND next_offset <= ?
      """;
  private static final String PENDING =
      """
      SELECT u.input_offset, u.idx, u.event_id, u.topic, u.record_key, u.record_value, u.headers
      FROM outbox_batches b,
        unnest(b.input_offsets, b.indexes, b.event_ids, b.topics, b.record_keys, b.record_values,
               b.headers) WITH ORDINALITY
          AS u(input_offset, idx, event_id, topic, record_key, record_value, headers, n)
      WHERE b.input_topic = ? AND b.input_partition = ?
      ORDER BY b.next_offset, u.n
      """;
  private static final String LEGACY_PENDING =
      """
      SELECT input_offset, idx, event_id, topic, record_key, record_value, headers FROM outbox
      WHERE input_topic = ? AND input_partition = ? ORDER BY input_offset, idx
      """;
  private static final String LEGACY_DELETE =
      "DELETE FROM outbox WHERE input_topic = ? AND input_partition = ?";

  /** Bytes of records above which a batch's outbox is split into several rows. */
  static final long ROW_BYTES = 64L * 1024 * 1024;

  private final String inputTopic;
  private final int partition;
  private final long rowBytes;

  Outbox(String inputTopic, int partition) {
    this(inputTopic, partition, ROW_BYTES);
  }

  /** With another row size limit, for tests. */
  Outbox(String inputTopic, int partition, long rowBytes) {
    this.inputTopic = inputTopic;
    this.partition = partition;
    this.rowBytes = rowBytes;
  }

  /**
   * Writes the batch's records as one row, or as several consecutive ones when they add up to more
   * than {@link #ROW_BYTES} (an array value is limited to 1 GB): each row covers a contiguous range
   * of input offsets, and the records of one input event always share a row.
   *
   * @param firstOffset the batch's first input offset
   * @param nextOffset the input offset after the batch; the row is deleted once all records below
   *     it are published
   */
  void insert(Connection conn, List<OutboxRecord> records, long firstOffset, long nextOffset)
      throws SQLException {
    if (records.isEmpty()) {
      return;
    }
    BinaryCopy rows = new BinaryCopy(11);
    int from = 0;
    long rowFirst = firstOffset;
    long bytes = 0;
    for (int i = 0; i < records.size(); i++) {
      OutboxRecord r = records.get(i);
      boolean newEvent = i > from && r.inputOffset() != records.get(i - 1).inputOffset();
      if (newEvent && bytes > rowBytes) {
        row(rows, records.subList(from, i), rowFirst, r.inputOffset());
        from = i;
        rowFirst = r.inputOffset();
        bytes = 0;
      }
      bytes += size(r);
    }
    row(rows, records.subList(from, records.size()), rowFirst, nextOffset);
    // One binary COPY: no SQL text to parse, no array literals to build and split.
    rows.copyInto(conn, COPY);
  }

  private static long size(OutboxRecord r) {
    return (r.key() == null ? 0 : r.key().length)
        + (r.value() == null ? 0 : r.value().length)
        + r.eventId().length()
        + r.topic().length()
        + 64L * r.headers().size();
  }

  private void row(BinaryCopy rows, List<OutboxRecord> records, long first, long next) {
    int n = records.size();
    long[] offsets = new long[n];
    int[] indexes = new int[n];
    List<byte[]> ids = new ArrayList<>(n);
    List<byte[]> topics = new ArrayList<>(n);
    List<byte[]> keys = new ArrayList<>(n);
    List<byte[]> values = new ArrayList<>(n);
    List<byte[]> headers = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      OutboxRecord r = records.get(i);
      offsets[i] = r.inputOffset();
      indexes[i] = r.index();
      ids.add(r.eventId().getBytes(StandardCharsets.UTF_8));
      topics.add(r.topic().getBytes(StandardCharsets.UTF_8));
      keys.add(r.key());
      values.add(r.value());
      headers.add(r.encodedHeaders());
    }
    rows.row()
        .text(inputTopic)
        .int4(partition)
        .int8(first)
        .int8(next)
        .int8Array(offsets)
        .int4Array(indexes)
        .array(BinaryCopy.TEXT, ids)
        .array(BinaryCopy.TEXT, topics)
        .array(BinaryCopy.BYTEA, keys)
        .array(BinaryCopy.BYTEA, values)
        .array(BinaryCopy.BYTEA, headers);
  }

  /** Deletes the batches below {@code offset}: all their records are acknowledged. */
  void deletePublished(Connection conn, long offset) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(DELETE_BELOW)) {
      st.setString(1, inputTopic);
      st.setInt(2, partition);
      st.setLong(3, offset);
      st.executeUpdate();
    }
  }

  /**
   * Records left by a previous life of this worker (committed but maybe never published), in order:
   * rows of the per-record table of older versions first, then the batches.
   */
  List<OutboxRecord> pending(Connection conn) throws SQLException {
    List<OutboxRecord> records = new ArrayList<>();
    read(conn, LEGACY_PENDING, records);
    read(conn, PENDING, records);
    return records;
  }

  /** Deletes every row of this partition: its leftovers were published. */
  void deleteAll(Connection conn) throws SQLException {
    deletePublished(conn, Long.MAX_VALUE);
    try (PreparedStatement st = conn.prepareStatement(LEGACY_DELETE)) {
      st.setString(1, inputTopic);
      st.setInt(2, partition);
      st.executeUpdate();
    }
  }

  private void read(Connection conn, String sql, List<OutboxRecord> records) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(sql)) {
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
   * Hands the records to the producer in order without waiting (linger.ms is 0: sent at once). A
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
