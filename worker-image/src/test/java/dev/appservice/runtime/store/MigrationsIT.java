package dev.appservice.runtime.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.appservice.runtime.document.DocumentHandler;
import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.TestKafka;
import dev.appservice.runtime.support.TestPostgres;
import dev.appservice.runtime.support.WorkerEnv;
import dev.appservice.runtime.worker.WorkerMain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

class MigrationsIT {

  @Test
  void workersStartingAtOnceMigrateTheSchemaOnce() throws Exception {
    TestPostgres pg = TestPostgres.shared();
    String url = pg.jdbcUrl(pg.createDatabase());
    int workers = 4;
    CyclicBarrier start = new CyclicBarrier(workers);
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      runs.add(
          CompletableFuture.runAsync(
              () -> {
                try (HikariDataSource ds = new HikariDataSource()) {
                  ds.setJdbcUrl(url);
                  ds.setUsername("postgres");
                  ds.setPassword("postgres");
                  start.await();
                  Migrations.migrate(ds, new DocumentHandler());
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              }));
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get();

    Db db = new Db(url);
    assertThat(
            db.scalar("SELECT count(*) FROM appservice_runtime_schema_history WHERE version = '1'"))
        .isEqualTo(1);
    assertThat(
            db.scalar(
                "SELECT count(*) FROM appservice_handler_document_history WHERE version = '1'"))
        .isEqualTo(1);
    assertThat(db.scalar("SELECT count(*) FROM documents")).isZero();
  }

  /**
   * A rolling upgrade: rows that workers of previous versions left in the per-record outbox (V1)
   * and in the array batches (V2) are published, in order and before anything new, by the worker
   * that takes the partition over.
   */
  @Test
  void leftoversOfOlderOutboxLayoutsArePublishedAfterAnUpgrade() throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestPostgres pg = TestPostgres.shared();
    String url = pg.jdbcUrl(pg.createDatabase());
    WorkerEnv env = new WorkerEnv("upgrade", kafka.bootstrapServers(), url, 1, 0);
    kafka.createTopics(1, env.inputTopic(), env.outputTopic(), env.deadLetterTopic());
    try (HikariDataSource ds = new HikariDataSource()) {
      ds.setJdbcUrl(url);
      ds.setUsername("postgres");
      ds.setPassword("postgres");
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/runtime")
          .table("appservice_runtime_schema_history")
          .target("4")
          .load()
          .migrate();
    }
    Db db = new Db(url);
    for (int offset = 0; offset < 3; offset++) {
      OutboxRecord r = legacyRecord(env, offset);
      try (var conn = db.connect();
          var st = conn.prepareStatement("INSERT INTO outbox VALUES (?, 0, ?, 0, ?, ?, ?, ?, ?)")) {
        st.setString(1, env.inputTopic());
        st.setLong(2, r.inputOffset());
        st.setString(3, r.eventId());
        st.setString(4, r.topic());
        st.setBytes(5, r.key());
        st.setBytes(6, r.value());
        st.setBytes(7, r.encodedHeaders());
        st.executeUpdate();
      }
    }

    List<OutboxRecord> batch = List.of(legacyRecord(env, 3), legacyRecord(env, 4));
    try (var conn = db.connect();
        var st =
            conn.prepareStatement(
                "INSERT INTO outbox_batches VALUES (?, 0, 3, 5, ?, ?, ?, ?, ?, ?, ?)")) {
      st.setString(1, env.inputTopic());
      st.setArray(2, conn.createArrayOf("int8", new Long[] {3L, 4L}));
      st.setArray(3, conn.createArrayOf("int4", new Integer[] {0, 0}));
      st.setArray(
          4, conn.createArrayOf("text", batch.stream().map(OutboxRecord::eventId).toArray()));
      st.setArray(5, conn.createArrayOf("text", batch.stream().map(OutboxRecord::topic).toArray()));
      st.setArray(
          6,
          conn.createArrayOf(
              "bytea", batch.stream().map(OutboxRecord::key).toArray(byte[][]::new)));
      st.setArray(
          7,
          conn.createArrayOf(
              "bytea", batch.stream().map(OutboxRecord::value).toArray(byte[][]::new)));
      st.setArray(
          8,
          conn.createArrayOf(
              "bytea", batch.stream().map(OutboxRecord::encodedHeaders).toArray(byte[][]::new)));
      st.executeUpdate();
    }

    try (WorkerMain worker = WorkerMain.start(env.config())) {
      List<ConsumerRecord<byte[], byte[]>> out =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> kafka.readAll(env.outputTopic(), 0), records -> records.size() >= 5);
      assertThat(out)
          .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactly("v-0", "v-1", "v-2", "v-3", "v-4");
      assertThat(out.get(2).headers().lastHeader("h").value()).containsExactly(2);
      assertThat(out.get(4).headers().lastHeader("h").value()).containsExactly(4);
      assertThat(db.scalar("SELECT count(*) FROM outbox")).isZero();
      assertThat(db.scalar("SELECT count(*) FROM outbox_batches")).isZero();
      assertThat(
              db.scalar(
                  "SELECT count(*) FROM appservice_runtime_schema_history WHERE version = '5'"))
          .isEqualTo(1);
    }
  }

  private static OutboxRecord legacyRecord(WorkerEnv env, int offset) {
    return new OutboxRecord(
        offset,
        0,
        env.inputTopic() + "/0/" + offset + "/0",
        env.outputTopic(),
        ("k-" + offset).getBytes(StandardCharsets.UTF_8),
        ("v-" + offset).getBytes(StandardCharsets.UTF_8),
        List.of(new RecordHeader("h", new byte[] {(byte) offset})));
  }
}
