package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.appservice.contract.RuntimeEnv;
import dev.appservice.runtime.store.Fulfilment;
import dev.appservice.runtime.store.FulfilmentRetention;
import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.Events;
import dev.appservice.runtime.support.TestApp;
import dev.appservice.runtime.support.TestKafka;
import dev.appservice.runtime.support.TestPostgres;
import dev.appservice.runtime.support.WorkerEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** COMMAND_RETENTION on a real PostgreSQL, and with a real worker and broker. */
class RetentionIT {

  @Test
  void expiredBatchesAreForgottenOldestFirstAcrossTransactions() throws Exception {
    try (HikariDataSource ds = TestPostgres.shared().migratedDatabase()) {
      String url = ds.getJdbcUrl();
      Fulfilment fulfilment = new Fulfilment("in", 0);
      // 120 batches of two commands; another partition's batch is not this worker's to prune.
      try (Connection conn = ds.getConnection()) {
        conn.setAutoCommit(false);
        for (int b = 0; b < 120; b++) {
          assertThat(fulfilment.record(conn, batch("c", b), 2L * b + 2)).isTrue();
        }
        assertThat(new Fulfilment("in", 1).record(conn, batch("other", 0), 2)).isTrue();
        conn.commit();
      }
      Db db = new Db(url);
      assertThat(db.scalar("SELECT count(*) FROM fulfilment_log")).isEqualTo(121);
      // The first 110 batches of partition 0 are two days old.
      db.execute(
          "UPDATE fulfilment_log SET recorded_at = now() - interval '2 days'"
              + " WHERE input_partition = 0 AND next_offset <= 220");
      db.execute(
          "UPDATE fulfilment_log SET recorded_at = now() - interval '2 days'"
              + " WHERE input_partition = 1");

      FulfilmentRetention retention = new FulfilmentRetention(ds, "in", 0, Duration.ofDays(1));
      assertThat(retention.pruneExpired()).isEqualTo(220);
      assertThat(retention.pruneExpired()).isZero();

      assertThat(db.scalar("SELECT count(*) FROM command_fulfilment WHERE input_partition = 0"))
          .isEqualTo(20);
      assertThat(
              db.scalar(
                  "SELECT min(input_offset) FROM command_fulfilment"
                      + " WHERE input_partition = 0"))
          .isEqualTo(220);
      assertThat(db.scalar("SELECT count(*) FROM fulfilment_log WHERE input_partition = 0"))
          .isEqualTo(10);
      assertThat(db.scalar("SELECT count(*) FROM command_fulfilment WHERE input_partition = 1"))
          .isEqualTo(2);

      // A replay that re-applies forgotten commands may end where a kept batch ended: both rows
      // stay (the batch must not fail forever), and only the expired one is pruned.
      try (Connection conn = ds.getConnection()) {
        conn.setAutoCommit(false);
        assertThat(fulfilment.record(conn, batch("again", 0), 240)).isTrue();
        conn.commit();
      }
      db.execute(
          "UPDATE fulfilment_log SET recorded_at = now() - interval '2 days'"
              + " WHERE 'again-0-0' = ANY (command_ids)");
      assertThat(retention.pruneExpired()).isEqualTo(2);
      assertThat(db.scalar("SELECT count(*) FROM command_fulfilment WHERE input_partition = 0"))
          .isEqualTo(20);
    }
  }

  private static List<Fulfilment.Entry> batch(String prefix, int b) {
    List<Fulfilment.Entry> entries = new ArrayList<>();
    IntStream.range(0, 2)
        .forEach(
            i ->
                entries.add(
                    new Fulfilment.Entry(prefix + "-" + b + "-" + i, 2L * b + i, 1, null, false)));
    return entries;
  }

  @Test
  void aWorkerForgetsCommandsAfterTheRetentionAndAResentIdIsThenNew() throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestApp app = TestApp.create("retain");
    WorkerEnv env = app.env().with(RuntimeEnv.COMMAND_RETENTION, "2s");
    Db db = app.db();
    String in = env.inputTopic();
    var upsert = Events.command("keep-1", "customer.upsert", "c-1", "{\"name\":\"Ada\"}");

    try (WorkerMain worker = WorkerMain.start(env.config())) {
      kafka.send(List.of(Events.record(in, "c-1", upsert)));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == 1);
      assertThat(db.scalar("SELECT count(*) FROM command_fulfilment")).isEqualTo(1);

      // Within the retention a resent id is recognised: no second effect.
      kafka.send(List.of(Events.record(in, "c-1", upsert)));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == 2);
      assertThat(db.scalar("SELECT version FROM documents WHERE id = 'c-1'")).isEqualTo(1);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> db.scalar("SELECT count(*) FROM command_fulfilment") == 0);
      assertThat(db.scalar("SELECT count(*) FROM fulfilment_log")).isZero();
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + worker.managementPort() + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .containsPattern("appservice_worker_commands_forgotten_total\\{[^}]*} 1\\.0");

      // Forgotten: the same id is a new command now.
      kafka.send(List.of(Events.record(in, "c-1", upsert)));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == 3);
      assertThat(db.scalar("SELECT version FROM documents WHERE id = 'c-1'")).isEqualTo(2);
    }
  }
}
