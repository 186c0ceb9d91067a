package dev.appservice.bench;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The same events for every scenario: {@code customer.upsert} commands over events/2 customers, so
 * each customer is written twice and no poll batch holds the same customer twice (every event is
 * one row write for the worker and for the raw JDBC ceiling alike).
 */
final class Workload {
  private final int events;
  private final int malformedEvery;

  Workload(int events) {
    this(events, 0);
  }

  /**
   * @param malformedEvery every this many events, one is a malformed command (its data a JSON
   *     array, not an object), which the worker dead-letters; 0 for none
   */
  Workload(int events, int malformedEvery) {
    this.events = events;
    this.malformedEvery = malformedEvery;
  }

  int events() {
    return events;
  }

  String id(int i) {
    return "c-" + (i % (events / 2));
  }

  String document(int i) {
    return "{\"id\":\""
        + id(i)
        + "\",\"name\":\"Customer "
        + i
        + "\",\"tier\":\"gold\",\"n\":"
        + i
        + "}";
  }

  private String data(int i) {
    return malformedEvery > 0 && i % malformedEvery == malformedEvery - 1
        ? "[\"not an object\"]"
        : document(i);
  }

  String commandId(int i) {
    return "cmd-" + i;
  }

  CloudEvent event(int i) {
    return CloudEventBuilder.v1()
        .withId(commandId(i))
        .withSource(URI.create("/bench"))
        .withType("customer.upsert")
        .withSubject(id(i))
        .withData("application/json", data(i).getBytes(StandardCharsets.UTF_8))
        .build();
  }

  /**
   * Not idempotent on purpose: Kafka 4.3's broker can refuse an idempotent producer's first batches
   * forever on a just-created partition (KAFKA-15591); one request in flight keeps order.
   */
  void produce(String bootstrap, String topic, int count) {
    CloudEventSerializer serializer = new CloudEventSerializer();
    serializer.configure(Map.of(), false);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers", bootstrap,
                "acks", "all",
                "enable.idempotence", "false",
                "max.in.flight.requests.per.connection", "1",
                "linger.ms", "10",
                "batch.size", "262144",
                "compression.type", "lz4"),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        RecordHeaders headers = new RecordHeaders();
        byte[] value = serializer.serialize(topic, headers, event(i));
        producer.send(
            new ProducerRecord<>(
                topic, null, id(i).getBytes(StandardCharsets.UTF_8), value, headers),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("could not produce the workload", failure.get());
    }
  }
}
