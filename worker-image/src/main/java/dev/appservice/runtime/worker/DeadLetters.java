package dev.appservice.runtime.worker;

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
 */
final class DeadLetters {
  static final String ERROR = "dlq.error";
  static final String ERROR_CLASS = "dlq.error.class";
  static final String TOPIC = "dlq.original.topic";
  static final String PARTITION = "dlq.original.partition";
  static final String OFFSET = "dlq.original.offset";
  static final String ID = "dlq.id";

  private final String topic;

  DeadLetters(String topic) {
    this.topic = topic;
  }

  OutboxRecord of(ConsumerRecord<byte[], byte[]> record, Throwable error) {
    String id = OutboxRecord.eventId(record.topic(), record.partition(), record.offset(), "dlq");
    List<Header> headers = new ArrayList<>(EventCodec.copy(record.headers()));
    headers.add(header(ERROR, Failures.describe(error)));
    headers.add(header(ERROR_CLASS, error.getClass().getName()));
    headers.add(header(TOPIC, record.topic()));
    headers.add(header(PARTITION, Integer.toString(record.partition())));
    headers.add(header(OFFSET, Long.toString(record.offset())));
    headers.add(header(ID, id));
    return new OutboxRecord(
        record.offset(), 0, id, topic, record.key(), record.value(), List.copyOf(headers));
  }

  private static Header header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
