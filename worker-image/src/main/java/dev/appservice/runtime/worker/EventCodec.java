package dev.appservice.runtime.worker;

import dev.appservice.runtime.spi.OutputEvent;
import dev.appservice.runtime.store.OutboxRecord;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** CloudEvents over Kafka: reads binary or structured input, writes binary-mode output. */
final class EventCodec {
  static final String COMMAND_ID_EXTENSION = "commandid";

  private final CloudEventDeserializer deserializer = new CloudEventDeserializer();
  private final CloudEventSerializer serializer = new CloudEventSerializer();
  private final URI source;
  private final String inputTopic;
  private final int partition;
  private final String outputTopic;

  EventCodec(String appService, String inputTopic, int partition, String outputTopic) {
    this.source = URI.create("/appservice/" + appService);
    this.inputTopic = inputTopic;
    this.partition = partition;
    this.outputTopic = outputTopic;
    deserializer.configure(Map.of(), false);
    serializer.configure(Map.of(), false);
  }

  /**
   * @throws IllegalArgumentException (or another runtime exception of the SDK) for records that are
   *     not CloudEvents
   */
  CloudEvent parse(ConsumerRecord<byte[], byte[]> record) {
    byte[] value = record.value();
    if (value == null) {
      // A binary-mode event without data has no value; without ce_ headers it is a tombstone.
      if (record.headers().lastHeader("ce_specversion") == null) {
        throw new IllegalArgumentException(
            "record has no value and no ce_ headers: not a CloudEvent");
      }
      value = new byte[0];
    }
    return deserializer.deserialize(record.topic(), record.headers(), value);
  }

  OutboxRecord output(
      ConsumerRecord<byte[], byte[]> input, String commandId, int index, OutputEvent e) {
    String id =
        OutboxRecord.eventId(inputTopic, partition, input.offset(), Integer.toString(index));
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(id)
            .withSource(source)
            .withType(e.type())
            .withTime(OffsetDateTime.now(ZoneOffset.UTC))
            .withExtension(COMMAND_ID_EXTENSION, commandId);
    if (e.subject() != null) {
      builder.withSubject(e.subject());
    }
    if (e.data() != null) {
      builder.withData(e.dataContentType(), e.data());
    }
    e.extensions().forEach(builder::withExtension);
    RecordHeaders headers = new RecordHeaders();
    byte[] value = serializer.serialize(outputTopic, headers, builder.build());
    byte[] key = e.subject() != null ? e.subject().getBytes(StandardCharsets.UTF_8) : input.key();
    return new OutboxRecord(
        input.offset(), index, id, outputTopic, key, value, List.of(headers.toArray()));
  }

  static List<Header> copy(Iterable<Header> headers) {
    return StreamSupport.stream(headers.spliterator(), false).toList();
  }
}
