package dev.appservice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads the app's output topic from its start; committed events only, as a subscriber would. */
final class OutputEvents implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final CloudEventDeserializer decoder = new CloudEventDeserializer();
  private final ObjectMapper json = new ObjectMapper();
  private final List<Event> seen = new ArrayList<>();

  OutputEvents(String bootstrap, String topic, int partitions) {
    consumer =
        new KafkaConsumer<>(
            Map.of("bootstrap.servers", bootstrap, "isolation.level", "read_committed"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    var assigned =
        IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
    consumer.assign(assigned);
    consumer.seekToBeginning(assigned);
  }

  synchronized Event await(String type, String subject, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int checked = 0;
    while (true) {
      for (; checked < seen.size(); checked++) {
        Event e = seen.get(checked);
        if (e.type().equals(type) && (subject == null || subject.equals(e.subject()))) {
          return e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "no "
                + type
                + (subject == null ? "" : " event about " + subject)
                + " within "
                + timeout
                + "; events so far: "
                + seen.stream().map(e -> e.type() + "/" + e.subject()).toList());
      }
      poll();
    }
  }

  synchronized List<Event> all() {
    poll();
    return List.copyOf(seen);
  }

  private void poll() {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
      CloudEvent event = decoder.deserialize(record.topic(), record.headers(), record.value());
      seen.add(
          new Event(
              event.getId(),
              event.getType(),
              event.getSubject(),
              Objects.toString(event.getExtension("commandid"), null),
              data(event)));
    }
  }

  private JsonNode data(CloudEvent event) {
    if (event.getData() == null) {
      return null;
    }
    try {
      return json.readTree(event.getData().toBytes());
    } catch (IOException e) {
      return json.getNodeFactory().textNode(new String(event.getData().toBytes()));
    }
  }

  @Override
  public synchronized void close() {
    consumer.close();
  }
}
