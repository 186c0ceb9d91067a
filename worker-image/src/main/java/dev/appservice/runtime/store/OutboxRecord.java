package dev.appservice.runtime.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A Kafka record waiting in the outbox, keyed by the input position that produced it.
 *
 * @param inputOffset offset of the input event
 * @param index position among the records produced for that input event
 * @param eventId deterministic id, {@code <input-topic>/<partition>/<offset>/<index>}
 */
public record OutboxRecord(
    long inputOffset,
    int index,
    String eventId,
    String topic,
    byte[] key,
    byte[] value,
    List<Header> headers) {

  public static String eventId(String topic, int partition, long offset, String index) {
    return topic + "/" + partition + "/" + offset + "/" + index;
  }

  public ProducerRecord<byte[], byte[]> toProducerRecord() {
    return new ProducerRecord<>(topic, null, key, value, headers);
  }

  /**
   * The headers as the V1 and V2 outbox tables store them; the runtime now only reads that layout
   * (their leftovers), tests write it.
   */
  public byte[] encodedHeaders() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(headers.size());
      for (Header h : headers) {
        out.writeUTF(h.key());
        byte[] v = h.value();
        out.writeInt(v == null ? -1 : v.length);
        if (v != null) {
          out.write(v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Reads {@link #encodedHeaders()}. */
  public static List<Header> decodeHeaders(byte[] encoded) {
    List<Header> headers = new ArrayList<>();
    if (encoded == null) {
      return headers;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String key = in.readUTF();
        int length = in.readInt();
        byte[] value = length < 0 ? null : in.readNBytes(length);
        headers.add(new RecordHeader(key, value));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return headers;
  }
}
