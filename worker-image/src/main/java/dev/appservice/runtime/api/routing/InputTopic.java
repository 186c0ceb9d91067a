package dev.appservice.runtime.api.routing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** What the routing protocol asks Kafka about the input topic. */
final class InputTopic {
  private final String topic;
  private final Admin admin;
  private final Supplier<Consumer<byte[], byte[]>> consumers;

  /**
   * @param consumers makes the read_committed consumer that checks, during a switch, whether a
   *     partition holds any record beyond a worker's stored offset
   */
  InputTopic(String topic, Admin admin, Supplier<Consumer<byte[], byte[]>> consumers) {
    this.topic = topic;
    this.admin = admin;
    this.consumers = consumers;
  }

  String name() {
    return topic;
  }

  int partitions() {
    try {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(10, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .size();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot describe " + topic + ": " + e.getMessage(), e);
    }
  }

  /** The end offsets of partitions {@code 0..count-1}. */
  Map<Integer, Long> endOffsets(int count) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < count; p++) {
      request.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    try {
      Map<Integer, Long> ends = new HashMap<>();
      admin
          .listOffsets(request)
          .all()
          .get(10, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
      return ends;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read end offsets of " + topic, e);
    }
  }

  Consumer<byte[], byte[]> consumer() {
    return consumers.get();
  }

  /** Whether a (committed) record sits at or after {@code from} and before {@code end}. */
  boolean recordsLeft(Consumer<byte[], byte[]> consumer, int partition, long from, long end) {
    TopicPartition tp = new TopicPartition(topic, partition);
    consumer.assign(List.of(tp));
    consumer.seek(tp, from);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (System.nanoTime() < deadline) {
      for (var r : consumer.poll(Duration.ofMillis(100)).records(tp)) {
        if (r.offset() < end) {
          return true;
        }
      }
      if (consumer.position(tp) >= end) {
        return false;
      }
    }
    return true; // could not tell: assume there is
  }
}
