package dev.appservice.runtime.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;

/**
 * A record's size as Kafka's producer counts it against {@code max.request.size}: the record alone
 * in a batch of the v2 message format, uncompressed, with the position fields at their widest. The
 * API and the workers compare it with the record limit ({@code KAFKA_MAX_RECORD_BYTES}) before they
 * produce, so a record Kafka would refuse is refused here first, with a reason.
 */
public final class RecordSize {
  /** The v2 batch header: offset, length, epoch, magic, CRC, attributes, deltas, ids, count. */
  static final int BATCH_OVERHEAD = 61;

  /** Length, attributes, timestamp delta and offset delta, each at its widest varint. */
  static final int RECORD_OVERHEAD = 5 + 1 + 10 + 5;

  private RecordSize() {}

  /** An upper bound of the size Kafka's producer checks, in bytes. */
  public static int of(byte[] key, byte[] value, Iterable<Header> headers) {
    long size = BATCH_OVERHEAD + RECORD_OVERHEAD + field(key) + field(value);
    int count = 0;
    for (Header h : headers) {
      size += field(h.key().getBytes(StandardCharsets.UTF_8)) + field(h.value());
      count++;
    }
    size += varint(count);
    return (int) Math.min(Integer.MAX_VALUE, size);
  }

  private static long field(byte[] bytes) {
    return bytes == null ? varint(-1) : varint(bytes.length) + (long) bytes.length;
  }

  /** The zig-zag varint length of {@code n}, as the record format writes lengths. */
  static int varint(int n) {
    int zigzag = (n << 1) ^ (n >> 31);
    int bytes = 1;
    while ((zigzag & 0xffffff80) != 0) {
      zigzag >>>= 7;
      bytes++;
    }
    return bytes;
  }
}
