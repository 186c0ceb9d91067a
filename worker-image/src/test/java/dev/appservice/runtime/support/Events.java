package dev.appservice.runtime.support;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Builds input records the way an API or another service would post commands. */
public final class Events {
  private static final CloudEventSerializer binary = serializer(Encoding.BINARY);
  private static final CloudEventSerializer structured = serializer(Encoding.STRUCTURED);

  private Events() {}

  private static CloudEventSerializer serializer(Encoding encoding) {
    CloudEventSerializer s = new CloudEventSerializer();
    s.configure(
        Map.of(
            CloudEventSerializer.ENCODING_CONFIG,
            encoding,
            CloudEventSerializer.EVENT_FORMAT_CONFIG,
            JsonFormat.CONTENT_TYPE),
        false);
    return s;
  }

  public static CloudEvent command(String id, String type, String subject, String json) {
    CloudEventBuilder b =
        CloudEventBuilder.v1().withId(id).withSource(URI.create("/test")).withType(type);
    if (subject != null) {
      b.withSubject(subject);
    }
    if (json != null) {
      b.withData("application/json", json.getBytes(StandardCharsets.UTF_8));
    }
    return b.build();
  }

  public static ProducerRecord<byte[], byte[]> record(
      String topic, int partition, String key, CloudEvent event, boolean structuredMode) {
    RecordHeaders headers = new RecordHeaders();
    byte[] value = (structuredMode ? structured : binary).serialize(topic, headers, event);
    return new ProducerRecord<>(
        topic, partition, key.getBytes(StandardCharsets.UTF_8), value, headers);
  }

  public static ProducerRecord<byte[], byte[]> record(String topic, String key, CloudEvent event) {
    return record(topic, 0, key, event, false);
  }

  public static CloudEvent parse(ConsumerRecord<byte[], byte[]> record) {
    try (CloudEventDeserializer d = new CloudEventDeserializer()) {
      return d.deserialize(record.topic(), record.headers(), record.value());
    }
  }

  public static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
