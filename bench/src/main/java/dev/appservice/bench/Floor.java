package dev.appservice.bench;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The raw floor of a command round trip on this box: produce a record (acks=all, idempotent), a
 * consumer polls it, inserts a row and commits (one commit per poll, durable), and the sender is
 * told. No HTTP, no CloudEvents, no outbox, no fulfilment table, no NOTIFY.
 */
final class Floor implements AutoCloseable {
  private static final String TOPIC = "floor";

  private final KafkaProducer<byte[], byte[]> producer;
  private final Map<Long, CountDownLatch> waiting = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final Thread consumerThread;
  private volatile boolean running = true;

  Floor(Infra infra) throws Exception {
    infra.createTopics(1, TOPIC);
    String url = infra.newDatabase();
    String database = url.substring(url.lastIndexOf('/') + 1);
    Connection conn = infra.connect(database);
    conn.createStatement().execute("CREATE TABLE floor (id bigint PRIMARY KEY, body text)");
    conn.setAutoCommit(false);
    producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers", infra.bootstrap(),
                "acks", "all",
                "enable.idempotence", "true",
                "linger.ms", "0"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers", infra.bootstrap(),
                "enable.auto.commit", "false",
                "isolation.level", "read_committed",
                "fetch.max.wait.ms", "100"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    TopicPartition tp = new TopicPartition(TOPIC, 0);
    consumer.assign(List.of(tp));
    consumer.seekToEnd(List.of(tp));
    consumer.position(tp);
    consumerThread =
        Thread.ofPlatform().name("floor-consumer").start(() -> consume(consumer, conn));
  }

  private void consume(KafkaConsumer<byte[], byte[]> consumer, Connection conn) {
    try (consumer;
        conn;
        PreparedStatement insert = conn.prepareStatement("INSERT INTO floor VALUES (?, ?)")) {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          insert.setLong(1, ByteBuffer.wrap(r.key()).getLong());
          insert.setString(2, new String(r.value()));
          insert.addBatch();
        }
        insert.executeBatch();
        conn.commit();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          CountDownLatch latch = waiting.remove(ByteBuffer.wrap(r.key()).getLong());
          if (latch != null) {
            latch.countDown();
          }
        }
      }
    } catch (Exception e) {
      if (running) {
        throw new IllegalStateException(e);
      }
    }
  }

  void roundTrip() {
    long id = ids.incrementAndGet();
    CountDownLatch latch = new CountDownLatch(1);
    waiting.put(id, latch);
    byte[] value = ("{\"name\": \"Customer " + id + "\", \"tier\": \"gold\"}").getBytes();
    try {
      producer.send(new ProducerRecord<>(TOPIC, ByteBuffer.allocate(8).putLong(id).array(), value));
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Latencies oneAtATime(Duration duration) {
    return Schedule.oneAtATime(duration, this::roundTrip);
  }

  Latencies openLoop(double rate, Duration duration) {
    return Schedule.run(rate, duration, this::roundTrip);
  }

  @Override
  public void close() throws Exception {
    running = false;
    consumerThread.join(5_000);
    producer.close();
  }
}
