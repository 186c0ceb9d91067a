package dev.appservice.runtime.api.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventDeserializer;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last output events this process saw, by event id. The worker's outbox rows carry the payloads
 * of a fresh outcome; once the worker has published and deleted them, an outcome read shortly after
 * (a waiter woken late, a repeated POST) finds its events here. Bounded in bytes: each event is
 * kept as its structured JSON (a parsed tree costs several times more) and the oldest go once the
 * events take more than {@code maxBytes}.
 */
public final class RecentEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RecentEvents.class);
  private static final Duration REFRESH_PARTITIONS = Duration.ofSeconds(30);

  private final Consumer<byte[], byte[]> consumer;
  private final String topic;
  private final long maxBytes;
  private long bytes; // guarded by this
  private final ObjectMapper json;
  private final JsonFormat format = new JsonFormat();
  private final CloudEventDeserializer deserializer = new CloudEventDeserializer();
  private final LinkedHashMap<String, byte[]> events = new LinkedHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  public RecentEvents(
      Consumer<byte[], byte[]> consumer, String topic, long maxBytes, ObjectMapper json) {
    this.consumer = consumer;
    this.topic = topic;
    this.maxBytes = maxBytes;
    this.json = json;
    this.thread = Thread.ofPlatform().daemon().name("recent-events").unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  JsonNode get(String eventId) {
    byte[] event;
    synchronized (this) {
      event = events.get(eventId);
    }
    try {
      return event == null ? null : json.readTree(event);
    } catch (IOException e) {
      return null;
    }
  }

  /** The bytes the kept events take (their JSON and a share for the entry). */
  synchronized long bytes() {
    return bytes;
  }

  private synchronized void put(String id, byte[] event) {
    byte[] previous = events.put(id, event);
    bytes += cost(id, event) - (previous == null ? 0 : cost(id, previous));
    var eldest = events.entrySet().iterator();
    while (bytes > maxBytes && eldest.hasNext()) {
      var e = eldest.next();
      bytes -= cost(e.getKey(), e.getValue());
      eldest.remove();
    }
  }

  /** An entry's heap: the JSON bytes, the id's characters, and about 100 bytes of overhead. */
  private static long cost(String id, byte[] event) {
    return event.length + 2L * id.length() + 100;
  }

  private void run() {
    long refreshAt = System.nanoTime();
    while (running) {
      try {
        if (System.nanoTime() - refreshAt >= 0) {
          assignNew();
          refreshAt = System.nanoTime() + REFRESH_PARTITIONS.toNanos();
        }
        if (consumer.assignment().isEmpty()) {
          refreshAt = System.nanoTime(); // the output topic does not exist yet: look again soon
          sleep();
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          remember(r);
        }
      } catch (WakeupException e) {
        break;
      } catch (RuntimeException e) {
        log.warn("reading the output topic failed, retrying: {}", e.toString());
        sleep();
      }
    }
    consumer.close(Duration.ofSeconds(1));
  }

  /** Starts new partitions at their end: only events published from now on are of interest. */
  private void assignNew() {
    Set<TopicPartition> all =
        consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .collect(Collectors.toSet());
    Set<TopicPartition> fresh = new java.util.HashSet<>(all);
    fresh.removeAll(consumer.assignment());
    if (!fresh.isEmpty()) {
      consumer.assign(all);
      consumer.seekToEnd(fresh);
      fresh.forEach(consumer::position);
    }
  }

  private void remember(ConsumerRecord<byte[], byte[]> r) {
    try {
      CloudEvent event = deserializer.deserialize(r.topic(), r.headers(), r.value());
      put(event.getId(), format.serialize(event));
    } catch (Exception e) {
      // Not a CloudEvent: not ours to serve.
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
