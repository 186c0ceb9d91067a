package dev.appservice.runtime.store;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * The outbox records of one {@code outbox_blocks} row, as one LZ4-compressed value. A batch's
 * output records repeat most of their bytes (CloudEvents headers, source, type, topic, id prefix),
 * so the block is about a sixth of the records' size: that much less for PostgreSQL to write to its
 * WAL and TOAST, and for replicas and WAL archives to carry.
 *
 * <p>Layout, all integers big-endian: a format byte ({@value #FORMAT}), the uncompressed length
 * (int), then the LZ4 block of: the record count (int), and per record its input offset (long),
 * index (int), event id and topic (strings), key and value (byte strings), header count (int) and
 * per header its key (string) and value (byte string). A string is its UTF-8 length (int) and
 * bytes; a byte string is its length (int, -1 for null) and bytes.
 */
public final class OutboxBlock {
  static final byte FORMAT = 1;
  private static final int HEADER_BYTES = 5;
  // offset, index, and the lengths of event id, topic, key, value and the header count
  private static final int MIN_RECORD_BYTES = 8 + 4 + 5 * 4;

  // The native codec where it loads (unpacked into java.io.tmpdir, as Kafka's own lz4 compression
  // does in the same process), else the pure-Java one: the same format either way.
  private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();
  private static final LZ4SafeDecompressor DECOMPRESSOR =
      LZ4Factory.fastestInstance().safeDecompressor();

  private OutboxBlock() {}

  public static byte[] encode(List<OutboxRecord> records) {
    Writer out = new Writer(64 + 400 * records.size());
    out.int4(records.size());
    for (OutboxRecord r : records) {
      out.int8(r.inputOffset());
      out.int4(r.index());
      out.string(r.eventId());
      out.string(r.topic());
      out.bytes(r.key());
      out.bytes(r.value());
      out.int4(r.headers().size());
      for (Header h : r.headers()) {
        out.string(h.key());
        out.bytes(h.value());
      }
    }
    int length = out.size;
    byte[] block = new byte[HEADER_BYTES + COMPRESSOR.maxCompressedLength(length)];
    ByteBuffer.wrap(block).put(FORMAT).putInt(length);
    int compressed =
        COMPRESSOR.compress(out.buf, 0, length, block, HEADER_BYTES, block.length - HEADER_BYTES);
    return Arrays.copyOf(block, HEADER_BYTES + compressed);
  }

  /**
   * @throws IllegalStateException if the block is not one this runtime wrote
   */
  public static List<OutboxRecord> decode(byte[] block) {
    try {
      ByteBuffer head = ByteBuffer.wrap(block);
      byte format = head.get();
      if (format != FORMAT) {
        throw new IllegalStateException("outbox block of unknown format " + format);
      }
      int length = head.getInt();
      // LZ4 expands at most 255-fold: a larger stated length is corruption, not a reason to
      // allocate it.
      if (length < 0 || length > 255L * (block.length - HEADER_BYTES)) {
        throw new IllegalStateException("corrupt outbox block: stated length " + length);
      }
      byte[] plain = new byte[length];
      int n = DECOMPRESSOR.decompress(block, HEADER_BYTES, block.length - HEADER_BYTES, plain, 0);
      if (n != length) {
        throw new IllegalStateException("corrupt outbox block: shorter than its stated length");
      }
      ByteBuffer in = ByteBuffer.wrap(plain);
      int count = in.getInt();
      if (count < 0 || count > in.remaining() / MIN_RECORD_BYTES) {
        throw new IllegalStateException("corrupt outbox block: " + count + " records");
      }
      List<OutboxRecord> records = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long offset = in.getLong();
        int index = in.getInt();
        String eventId = string(in);
        String topic = string(in);
        byte[] key = bytes(in);
        byte[] value = bytes(in);
        int headerCount = in.getInt();
        List<Header> headers = new ArrayList<>(headerCount);
        for (int h = 0; h < headerCount; h++) {
          headers.add(new RecordHeader(string(in), bytes(in)));
        }
        records.add(new OutboxRecord(offset, index, eventId, topic, key, value, headers));
      }
      return records;
    } catch (BufferUnderflowException | LZ4Exception e) {
      throw new IllegalStateException("corrupt outbox block", e);
    }
  }

  private static String string(ByteBuffer in) {
    byte[] b = bytes(in);
    if (b == null) {
      throw new IllegalStateException("corrupt outbox block: a null string");
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer in) {
    int length = in.getInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > in.remaining()) {
      throw new IllegalStateException("corrupt outbox block: a field of " + length + " bytes");
    }
    byte[] b = new byte[length];
    in.get(b);
    return b;
  }

  /** A growable big-endian buffer; cheaper than a stream of synchronized writes. */
  private static final class Writer {
    byte[] buf;
    int size;

    Writer(int capacity) {
      buf = new byte[capacity];
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    void int4(int v) {
      ensure(4);
      buf[size++] = (byte) (v >>> 24);
      buf[size++] = (byte) (v >>> 16);
      buf[size++] = (byte) (v >>> 8);
      buf[size++] = (byte) v;
    }

    void int8(long v) {
      int4((int) (v >>> 32));
      int4((int) v);
    }

    void string(String s) {
      bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    void bytes(byte[] b) {
      if (b == null) {
        int4(-1);
        return;
      }
      int4(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
    }
  }
}
