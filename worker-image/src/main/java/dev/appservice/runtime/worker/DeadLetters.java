package dev.appservice.runtime.worker;

import dev.appservice.runtime.kafka.RecordSize;
import dev.appservice.runtime.store.OutboxRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Poison events go to the dead-letter topic unchanged (key, value, headers), so they can be
 * inspected and replayed as they were, with the error and the original position added as {@code
 * dlq.*} headers. They travel through the outbox, so they are never lost or doubled.
 *
 * <p>A dead letter that would exceed the record limit, and an output event or dead letter that
 * Kafka refuses for good when it is published (too large for the topic, say), becomes a
 * <em>bounded</em> dead letter: the error, the original position and the original's CloudEvents id,
 * type and source, but not its value or other headers. It is a few kilobytes at most, so it fits
 * any topic, and the partition never stalls on a record that can never be written.
 */
final class DeadLetters {
  static final String ERROR = "dlq.error";
  static final String ERROR_CLASS = "dlq.error.class";
  static final String TOPIC = "dlq.original.topic";
  static final String PARTITION = "dlq.original.partition";
  static final String OFFSET = "dlq.original.offset";
  static final String ID = "dlq.id";

  /** On a bounded dead letter: the original record's size, as the producer counts it. */
  static final String ORIGINAL_SIZE = "dlq.original.size";

  /** On a bounded dead letter of a refused output event: its event id and where it was going. */
  static final String ORIGINAL_EVENT = "dlq.original.event";

  static final String ORIGINAL_DESTINATION = "dlq.original.destination";

  /** Marks a bounded dead letter: the value and the other headers were dropped. */
  static final String BOUNDED = "dlq.bounded";

  /** The error text kept in {@link #ERROR}, in characters. */
  static final int ERROR_CHARS = 1000;

  /** Kept on a bounded dead letter if no longer than this, in bytes. */
  static final int KEPT_BYTES = 256;

  private static final List<String> KEPT_HEADERS = List.of("ce_id", "ce_type", "ce_source");

  private final String topic;
  private final String inputTopic;
  private final int partition;
  private final int maxRecordBytes;

  DeadLetters(String topic, String inputTopic, int partition, int maxRecordBytes) {
    this.topic = topic;
    this.inputTopic = inputTopic;
    this.partition = partition;
    this.maxRecordBytes = maxRecordBytes;
  }

  /** The dead letter of a poison input record: the record itself, or a bounded one if too large. */
  OutboxRecord of(ConsumerRecord<byte[], byte[]> record, Throwable error) {
    String id = OutboxRecord.eventId(record.topic(), record.partition(), record.offset(), "dlq");
    List<Header> headers = new ArrayList<>(EventCodec.copy(record.headers()));
    headers.addAll(position(error, record.topic(), record.partition(), record.offset(), id));
    OutboxRecord letter =
        new OutboxRecord(
            record.offset(), 0, id, topic, record.key(), record.value(), List.copyOf(headers));
    int size = RecordSize.of(letter.key(), letter.value(), letter.headers());
    if (size <= maxRecordBytes) {
      return letter;
    }
    Throwable why =
        new IllegalArgumentException(
            "the dead letter would be "
                + size
                + " bytes, more than the record limit of "
                + maxRecordBytes
                + " bytes; dropped its value and headers. The original failure: "
                + Failures.describe(error));
    return bounded(letter, record.headers(), why, id, size);
  }

  /**
   * What goes out instead of an outbox record that Kafka refused for good: a bounded dead letter of
   * it, or nothing if the refused record was one already.
   */
  OutboxRecord instead(OutboxRecord refused, Throwable error) {
    if (isBounded(refused)) {
      return null;
    }
    String id = refused.topic().equals(topic) ? refused.eventId() : refused.eventId() + "/dlq";
    int size = RecordSize.of(refused.key(), refused.value(), refused.headers());
    return bounded(refused, refused.headers(), error, id, size);
  }

  static boolean isBounded(OutboxRecord record) {
    return record.headers().stream().anyMatch(h -> h.key().equals(BOUNDED));
  }

  private OutboxRecord bounded(
      OutboxRecord original,
      Iterable<Header> originalHeaders,
      Throwable error,
      String id,
      int size) {
    List<Header> headers = new ArrayList<>();
    for (Header h : originalHeaders) {
      if (KEPT_HEADERS.contains(h.key()) && h.value() != null && h.value().length <= KEPT_BYTES) {
        headers.add(h);
      }
    }
    headers.addAll(position(error, inputTopic, partition, original.inputOffset(), id));
    headers.add(header(ORIGINAL_SIZE, Integer.toString(size)));
    if (!id.equals(original.eventId())) {
      headers.add(header(ORIGINAL_EVENT, original.eventId()));
      headers.add(header(ORIGINAL_DESTINATION, original.topic()));
    }
    headers.add(header(BOUNDED, "true"));
    byte[] key =
        original.key() != null && original.key().length <= KEPT_BYTES ? original.key() : null;
    return new OutboxRecord(
        original.inputOffset(), original.index(), id, topic, key, null, List.copyOf(headers));
  }

  private static List<Header> position(
      Throwable error, String topic, int partition, long offset, String id) {
    return List.of(
        header(ERROR, truncate(Failures.describe(error))),
        header(ERROR_CLASS, error.getClass().getName()),
        header(TOPIC, topic),
        header(PARTITION, Integer.toString(partition)),
        header(OFFSET, Long.toString(offset)),
        header(ID, id));
  }

  private static String truncate(String text) {
    return text.length() <= ERROR_CHARS ? text : text.substring(0, ERROR_CHARS - 1) + "…";
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
