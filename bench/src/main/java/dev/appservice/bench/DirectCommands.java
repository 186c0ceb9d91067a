package dev.appservice.bench;

import dev.appservice.kit.LocalPostgres;
import dev.appservice.runtime.store.Fulfilment;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The worker's share of a command round trip, without the API: produce the command straight to the
 * input topic and wait for the worker's fulfilment NOTIFY that passes its offset. The difference
 * between this and the API round trip is what HTTP, validation and the outcome read cost.
 */
final class DirectCommands implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final CloudEventSerializer serializer = new CloudEventSerializer();
  private final ConcurrentSkipListMap<Long, CompletableFuture<Void>> waiting =
      new ConcurrentSkipListMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final String topic;
  private final Thread listener;
  private volatile boolean running = true;
  private volatile long passed = -1;

  DirectCommands(Infra infra, String jdbcUrl, String topic) throws Exception {
    this.topic = topic;
    serializer.configure(Map.of(), false);
    producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers", infra.bootstrap(),
                "acks", "all",
                "enable.idempotence", "true",
                "linger.ms", "0"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    Connection conn =
        DriverManager.getConnection(jdbcUrl, LocalPostgres.USER, LocalPostgres.PASSWORD);
    conn.createStatement().execute("LISTEN " + Fulfilment.CHANNEL);
    listener = Thread.ofPlatform().name("direct-listener").start(() -> listen(conn));
  }

  private void listen(Connection conn) {
    try (conn) {
      PGConnection pg = conn.unwrap(PGConnection.class);
      while (running) {
        PGNotification[] ns = pg.getNotifications(500);
        if (ns == null) {
          continue;
        }
        for (PGNotification n : ns) {
          long next =
              Fulfilment.Notification.parse(n.getParameter())
                  .map(Fulfilment.Notification::nextOffset)
                  .orElse(0L);
          passed = Math.max(passed, next);
          waiting.headMap(next).forEach((offset, f) -> f.complete(null));
          waiting.headMap(next).clear();
        }
      }
    } catch (Exception e) {
      if (running) {
        throw new IllegalStateException(e);
      }
    }
  }

  void roundTrip() {
    long n = ids.incrementAndGet();
    String subject = "d-" + (n % 10_000);
    var event =
        CloudEventBuilder.v1()
            .withId("direct-" + n)
            .withSource(URI.create("/bench"))
            .withType("customer.upsert")
            .withSubject(subject)
            .withData(
                "application/json",
                ("{\"name\": \"Customer " + n + "\", \"tier\": \"gold\"}")
                    .getBytes(StandardCharsets.UTF_8))
            .build();
    RecordHeaders headers = new RecordHeaders();
    byte[] value = serializer.serialize(topic, headers, event);
    try {
      long offset =
          producer
              .send(
                  new ProducerRecord<>(
                      topic, null, subject.getBytes(StandardCharsets.UTF_8), value, headers))
              .get()
              .offset();
      CompletableFuture<Void> done = new CompletableFuture<>();
      waiting.put(offset, done);
      if (passed > offset) {
        done.complete(null);
      }
      done.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  Latencies openLoop(double rate, Duration duration) {
    return Schedule.run(rate, duration, this::roundTrip);
  }

  Latencies oneAtATime(Duration duration) {
    return Schedule.oneAtATime(duration, this::roundTrip);
  }

  @Override
  public void close() throws Exception {
    running = false;
    listener.join(2_000);
    producer.close();
  }
}
