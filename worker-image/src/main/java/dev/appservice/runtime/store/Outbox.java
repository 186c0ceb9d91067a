package dev.appservice.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;

/**
 * Output and dead-letter records are written in the batch transaction, so they are exactly as
 * durable as the effects, and published after commit. A batch's records are one row of {@code
 * outbox_blocks}: one compressed value ({@link OutboxBlock}), one tuple and a few TOAST chunks per
 * batch instead of a tuple and an index entry per record. Rows are deleted lazily by the next batch
 * transaction once published; a crash in between only republishes records with the same ids.
 *
 * <p>Rows that a worker of an older version left behind, in the per-record {@code outbox} (V1 of
 * the runtime's migrations) or as arrays in {@code outbox_batches} (V2), are published first when a
 * worker takes the partition over.
 */
public final class Outbox {
  private static final String INSERT =
      """
      INSERT INTO outbox_blocks (input_topic, input_partition, first_offset, next_offset, records,
                                 block)
      VALUES (?, ?, ?, ?, ?, ?)
      """;
  private static final String DELETE_BELOW =
      """
      DELETE FROM outbox_blocks
      WHERE input_topic = ? AND input_partition = ? AND next_offset <= ?
      """;
  private static final String PENDING =
      """
      SELECT block FROM outbox_blocks
      WHERE input_topic = ? AND input_partition = ? ORDER BY next_offset
      """;
  private static final String LEGACY_PENDING =
      """
      SELECT input_offset, idx, event_id, topic, record_key, record_value, headers FROM outbox
      WHERE input_topic = ? AND input_partition = ? ORDER BY input_offset, idx
      """;
  private static final String LEGACY_BATCHES_PENDING =
      """
      SELECT u.input_offset, u.idx, u.event_id, u.topic, u.record_key, u.record_value, u.headers
      FROM outbox_batches b,
        unnest(b.input_offsets, b.indexes, b.event_ids, b.topics, b.record_keys, b.record_values,
               b.headers) WITH ORDINALITY
          AS u(input_offset, idx, event_id, topic, record_key, record_value, headers, n)
      WHERE b.input_topic = ? AND b.input_partition = ?
      ORDER BY b.next_offset, u.n
      """;
  private static final List<String> LEGACY_DELETES =
      List.of(
          "DELETE FROM outbox WHERE input_topic = ? AND input_partition = ?",
          "DELETE FROM outbox_batches WHERE input_topic = ? AND input_partition = ?");

  /** Bytes of records above which a batch's outbox is split into several rows. */
  public static final long ROW_BYTES = 64L * 1024 * 1024;

  private final String inputTopic;
  private final int partition;
  private final long rowBytes;

  public Outbox(String inputTopic, int partition) {
    this(inputTopic, partition, ROW_BYTES);
  }

  /** With another row size limit, for tests. */
  public Outbox(String inputTopic, int partition, long rowBytes) {
    this.inputTopic = inputTopic;
    this.partition = partition;
    this.rowBytes = rowBytes;
  }

  /** A row of {@code outbox_blocks}, encoded and ready to insert. */
  public record Block(long firstOffset, long nextOffset, int records, byte[] bytes) {}

  /**
   * Encodes the batch's records as one row, or as several consecutive ones when they add up to more
   * than {@link #ROW_BYTES} before compression (a value is limited to 1 GB): each row covers a
   * contiguous range of input offsets, and the records of one input event always share a row. No
   * database work, so it can run while the transaction's other statements do.
   *
   * @param firstOffset the batch's first input offset
   * @param nextOffset the input offset after the batch; the row is deleted once all records below
   *     it are published
   */
  public List<Block> encode(List<OutboxRecord> records, long firstOffset, long nextOffset) {
    List<Block> blocks = new ArrayList<>();
    if (records.isEmpty()) {
      return blocks;
    }
    int from = 0;
    long rowFirst = firstOffset;
    long bytes = 0;
    for (int i = 0; i < records.size(); i++) {
      OutboxRecord r = records.get(i);
      boolean newEvent = i > from && r.inputOffset() != records.get(i - 1).inputOffset();
      if (newEvent && bytes > rowBytes) {
        blocks.add(block(records.subList(from, i), rowFirst, r.inputOffset()));
        from = i;
        rowFirst = r.inputOffset();
        bytes = 0;
      }
      bytes += size(r);
    }
    blocks.add(block(records.subList(from, records.size()), rowFirst, nextOffset));
    return blocks;
  }

  private static Block block(List<OutboxRecord> records, long first, long next) {
    return new Block(first, next, records.size(), OutboxBlock.encode(records));
  }

  /** Writes rows from {@link #encode}, in the caller's transaction. */
  public void insert(Connection conn, List<Block> blocks) throws SQLException {
    if (blocks.isEmpty()) {
      return;
    }
    try (PreparedStatement st = conn.prepareStatement(INSERT)) {
      for (Block b : blocks) {
        st.setString(1, inputTopic);
        st.setInt(2, partition);
        st.setLong(3, b.firstOffset());
        st.setLong(4, b.nextOffset());
        st.setInt(5, b.records());
        st.setBytes(6, b.bytes());
        st.addBatch();
      }
      st.executeBatch();
    }
  }

  private static long size(OutboxRecord r) {
    long bytes =
        (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
    for (Header h : r.headers()) {
      bytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
    }
    return bytes + r.eventId().length() + r.topic().length();
  }

  /** Deletes the blocks below {@code offset}: all their records are acknowledged. */
  public void deletePublished(Connection conn, long offset) throws SQLException {
    try (PreparedStatement st = partitionStatement(conn, DELETE_BELOW)) {
      st.setLong(3, offset);
      st.executeUpdate();
    }
  }

  /**
   * Records left by a previous life of this worker (committed but maybe never published), in order:
   * rows that older versions wrote first (per record, then as arrays), then the blocks.
   */
  public List<OutboxRecord> pending(Connection conn) throws SQLException {
    List<OutboxRecord> records = new ArrayList<>();
    readColumns(conn, LEGACY_PENDING, records);
    readColumns(conn, LEGACY_BATCHES_PENDING, records);
    try (PreparedStatement st = partitionStatement(conn, PENDING);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        records.addAll(OutboxBlock.decode(rs.getBytes(1)));
      }
    }
    return records;
  }

  /** Deletes every row of this partition: its leftovers were published. */
  public void deleteAll(Connection conn) throws SQLException {
    deletePublished(conn, Long.MAX_VALUE);
    for (String sql : LEGACY_DELETES) {
      try (PreparedStatement st = partitionStatement(conn, sql)) {
        st.executeUpdate();
      }
    }
  }

  private PreparedStatement partitionStatement(Connection conn, String sql) throws SQLException {
    PreparedStatement st = conn.prepareStatement(sql);
    st.setString(1, inputTopic);
    st.setInt(2, partition);
    return st;
  }

  /** Rows of the older layouts, a record per result row. */
  private void readColumns(Connection conn, String sql, List<OutboxRecord> records)
      throws SQLException {
    try (PreparedStatement st = partitionStatement(conn, sql);
        ResultSet rs = st.executeQuery()) {
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
