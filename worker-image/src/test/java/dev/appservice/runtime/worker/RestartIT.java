package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.Events;
import dev.appservice.runtime.support.KafkaProcess;
import dev.appservice.runtime.support.TestKafka;
import dev.appservice.runtime.support.TestPostgres;
import dev.appservice.runtime.support.WorkerEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker rides out a broker restart and a database restart by itself, losing nothing. */
class RestartIT {
  private static final int EVENTS = 20_000;
  private static final int KEYS = 100;

  private KafkaProcess kafka;
  private TestPostgres pg;

  @BeforeEach
  void start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "restart-it");
    kafka = new KafkaProcess(dir.resolve("kafka"));
    pg = new TestPostgres();
  }

  @AfterEach
  void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void brokerRestartAndDatabaseRestartDuringProcessingLoseNothing() throws Exception {
    String database = pg.createDatabase();
    WorkerEnv env =
        new WorkerEnv("restart", kafka.bootstrapServers(), pg.jdbcUrl(database), 1, 0)
            .with("HANDLER", "sequence-check");
    String in = env.inputTopic();
    TestKafka.createTopics(
        kafka.bootstrapServers(), 1, in, env.outputTopic(), env.deadLetterTopic());
    Db db = new Db(pg.jdbcUrl(database));

    AtomicReference<Throwable> producerFailure = new AtomicReference<>();
    Thread producer = Thread.ofPlatform().start(() -> produce(in, producerFailure));
    try (WorkerMain worker = WorkerMain.start(env.config())) {
      awaitProgressBeyond(db, in, 2_000);
      pg.stop();
      Thread.sleep(3_000);
      pg.start();
      long afterDatabaseRestart = awaitProgressBeyond(db, in, db.nextOffset(in, 0) + 1);

      kafka.stop();
      Thread.sleep(3_000);
      kafka.start();
      producer.join();
      assertThat(producerFailure.get()).isNull();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> db.nextOffset(in, 0) == EVENTS);
      assertThat(afterDatabaseRestart).isLessThan(EVENTS);
    }

    assertThat(
            db.rows("SELECT key FROM seq_state WHERE applied <> ? OR NOT in_order", EVENTS / KEYS))
        .isEmpty();
    assertThat(db.scalar("SELECT count(*) FROM seq_state")).isEqualTo(KEYS);
    Set<String> ids =
        TestKafka.readAll(kafka.bootstrapServers(), env.outputTopic(), 0).stream()
            .map(r -> Events.header(r, "ce_id"))
            .collect(Collectors.toSet());
    assertThat(ids).hasSize(EVENTS);
  }

  private static long awaitProgressBeyond(Db db, String topic, long offset) {
    return await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> db.nextOffset(topic, 0), o -> o >= offset);
  }

  /** Keeps producing through the broker restart; the idempotent producer retries by itself. */
  private void produce(String topic, AtomicReference<Throwable> failure) {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                "bootstrap.servers", kafka.bootstrapServers(),
                "enable.idempotence", "true",
                // One request in flight: no reordering on the new partition (KAFKA-15591).
                "max.in.flight.requests.per.connection", "1",
                "acks", "all",
                "delivery.timeout.ms", "120000"),
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (int i = 0; i < EVENTS; i++) {
        String key = "k" + (i % KEYS);
        producer.send(
            Events.record(
                topic,
                key,
                Events.command("cmd-" + i, "seq.step", key, "{\"seq\":" + (i / KEYS + 1) + "}")));
        if (i % 500 == 499) {
          Thread.sleep(100);
        }
      }
      producer.flush();
    } catch (Throwable t) {
      failure.set(t);
    }
  }
}
