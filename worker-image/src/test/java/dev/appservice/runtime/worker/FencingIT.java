package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.appservice.contract.RuntimeValues;
import dev.appservice.runtime.document.DocumentHandler;
import dev.appservice.runtime.store.FencedException;
import dev.appservice.runtime.store.Migrations;
import dev.appservice.runtime.store.OffsetStore;
import dev.appservice.runtime.store.Outbox;
import dev.appservice.runtime.store.Ownership;
import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.Events;
import dev.appservice.runtime.support.TestApp;
import dev.appservice.runtime.support.TestKafka;
import dev.appservice.runtime.support.TestPostgres;
import dev.appservice.runtime.support.WorkerEnv;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Only one worker writes for a partition, even when two are started or one goes stale. */
class FencingIT {

  @Test
  void secondWorkerForTheSamePartitionIsFencedAndWritesNothing() throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestApp app = TestApp.create("fenced");
    WorkerEnv env = app.env();
    String in = env.inputTopic();
    Db db = app.db();

    WorkerMain first = WorkerMain.start(env.config());
    kafka.send(upserts(in, 0, 100));
    await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == 100);
    long epoch = db.scalar("SELECT epoch FROM input_offsets");

    try (WorkerMain second = WorkerMain.start(env.config())) {
      kafka.send(upserts(in, 100, 200));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == 200);
      Thread.sleep(1_000); // give the second worker every chance to do something wrong
      assertThat(second.ready()).as("the second worker waits for the partition lock").isFalse();
      assertThat(db.scalar("SELECT epoch FROM input_offsets"))
          .as("the second worker never took over")
          .isEqualTo(epoch);

      first.close();
      await().atMost(Duration.ofSeconds(30)).until(second::ready);
      assertThat(db.scalar("SELECT epoch FROM input_offsets")).isGreaterThan(epoch);
      kafka.send(upserts(in, 200, 210));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == 210);
    }
    assertThat(db.scalar("SELECT count(*) FROM command_fulfilment")).isEqualTo(210);
    assertThat(db.scalar("SELECT sum(version) FROM documents")).isEqualTo(210);
  }

  @Test
  void staleWorkerThatLostItsLockCannotCommit() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String url = pg.jdbcUrl(pg.createDatabase());
    WorkerEnv env = new WorkerEnv("stale", "localhost:9", url, 1, 0);
    String topic = env.inputTopic();
    Db db = new Db(url);
    try (HikariDataSource ds = dataSource(url)) {
      Migrations.migrate(ds, new DocumentHandler());
      Backoff backoff = new Backoff(10, 100);
      OffsetStore offsets = new OffsetStore(topic, 0);

      Fencing staleLock = new Fencing(env.config().database(), topic, 0, () -> {});
      assertThat(staleLock.acquire(() -> true, backoff)).isTrue();
      Ownership stale = takeOver(ds, offsets, "stale");
      db.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE application_name = 'appservice-fencing'");
      await().atMost(Duration.ofSeconds(10)).until(() -> !staleLock.held());

      try (Fencing newLock = new Fencing(env.config().database(), topic, 0, () -> {})) {
        assertThat(newLock.acquire(() -> true, backoff)).isTrue();
        Ownership current = takeOver(ds, offsets, "new");
        assertThat(current.epoch()).isGreaterThan(stale.epoch());

        BatchProcessor staleProcessor = processor(ds, env, offsets);
        assertThatThrownBy(() -> staleProcessor.process(records(topic, 0, 10), stale, -1))
            .isInstanceOf(FencedException.class);
        assertThat(db.scalar("SELECT count(*) FROM documents")).isZero();
        assertThat(db.scalar("SELECT count(*) FROM outbox_blocks")).isZero();
        assertThat(db.scalar("SELECT count(*) FROM command_fulfilment")).isZero();

        BatchResult result =
            processor(ds, env, offsets).process(records(topic, 0, 10), current, -1);
        assertThat(result.applied()).isEqualTo(10);
      }
      staleLock.close();
    }
  }

  private static Ownership takeOver(HikariDataSource ds, OffsetStore offsets, String owner)
      throws Exception {
    try (Connection conn = ds.getConnection()) {
      conn.setAutoCommit(false);
      return offsets.takeOver(conn, owner);
    }
  }

  private static BatchProcessor processor(HikariDataSource ds, WorkerEnv env, OffsetStore offsets) {
    String topic = env.inputTopic();
    return new BatchProcessor(
        ds,
        new DocumentHandler(),
        "stale",
        topic,
        0,
        new Outbox(topic, 0),
        offsets,
        new DeadLetters(env.deadLetterTopic(), topic, 0, RuntimeValues.DEFAULT_MAX_RECORD_BYTES),
        new EventCodec("stale", topic, 0, env.outputTopic()),
        RuntimeValues.DEFAULT_MAX_RECORD_BYTES,
        new WorkerMetrics(new SimpleMeterRegistry(), "stale", topic, 0));
  }

  private static List<ConsumerRecord<byte[], byte[]>> records(String topic, int from, int to) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    long offset = from;
    for (ProducerRecord<byte[], byte[]> r : upserts(topic, from, to)) {
      records.add(
          new ConsumerRecord<>(
              topic,
              0,
              offset++,
              System.currentTimeMillis(),
              TimestampType.CREATE_TIME,
              -1,
              -1,
              r.key(),
              r.value(),
              r.headers(),
              Optional.empty()));
    }
    return records;
  }

  private static List<ProducerRecord<byte[], byte[]>> upserts(String topic, int from, int to) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String id = "c-" + (i % 10);
      records.add(
          Events.record(
              topic, id, Events.command("cmd-" + i, "customer.upsert", id, "{\"n\":" + i + "}")));
    }
    return records;
  }

  private static HikariDataSource dataSource(String url) {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(url);
    ds.setUsername("postgres");
    ds.setPassword("postgres");
    return ds;
  }
}
