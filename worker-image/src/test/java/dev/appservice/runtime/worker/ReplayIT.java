package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.Events;
import dev.appservice.runtime.support.Snapshots;
import dev.appservice.runtime.support.TestApp;
import dev.appservice.runtime.support.TestKafka;
import dev.appservice.runtime.support.WorkerEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Replaying input, whatever the reason, never applies an effect twice. */
class ReplayIT {

  @Test
  void rewindingTheKafkaOffsetOrDroppingTheStoredOneLeavesTheDatabaseUnchanged() throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestApp app = TestApp.create("replay");
    WorkerEnv env = app.env();
    String in = env.inputTopic();
    Db db = app.db();

    kafka.send(commands(in, 0, 300));
    runUntil(env, db, 300, () -> {});
    List<Map<String, Object>> documents = Snapshots.documents(db);
    List<Map<String, Object>> fulfilment = Snapshots.fulfilment(db);
    assertThat(documents).isNotEmpty();
    assertThat(fulfilment).hasSize(300).anyMatch(r -> "failed".equals(r.get("status")));

    rewindKafkaOffsetToZero(kafka, env);
    kafka.send(List.of(newCustomer(in, 300)));
    runUntil(env, db, 301, () -> {});
    assertThat(Snapshots.documents(db)).containsAll(documents).hasSize(documents.size() + 1);
    List<Map<String, Object>> documentsAfterRewind = Snapshots.documents(db);
    List<Map<String, Object>> fulfilmentAfterRewind = Snapshots.fulfilment(db);
    assertThat(fulfilmentAfterRewind).containsAll(fulfilment).hasSize(301);

    db.execute("DELETE FROM input_offsets");
    runUntil(env, db, 301, () -> {});
    assertThat(Snapshots.documents(db)).isEqualTo(documentsAfterRewind);
    assertThat(Snapshots.fulfilment(db)).isEqualTo(fulfilmentAfterRewind);
  }

  /**
   * Upserts, patches and deletes over 40 customers, so order and repetition matter; some patches
   * hit deleted customers and are dead-lettered, which must not repeat either.
   */
  private static List<ProducerRecord<byte[], byte[]>> commands(String topic, int from, int to) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String id = "c-" + (i % 40);
      String type =
          i % 5 == 4 ? "customer.patch" : i % 7 == 6 ? "customer.delete" : "customer.upsert";
      String data = type.endsWith("delete") ? null : "{\"n\":" + i + ",\"v" + (i % 3) + "\":true}";
      records.add(Events.record(topic, id, Events.command("cmd-" + i, type, id, data)));
    }
    return records;
  }

  private static ProducerRecord<byte[], byte[]> newCustomer(String topic, int i) {
    return Events.record(
        topic, "new", Events.command("cmd-" + i, "customer.upsert", "new", "{\"n\":" + i + "}"));
  }

  private static void runUntil(WorkerEnv env, Db db, long offset, Runnable whileRunning)
      throws Exception {
    try (WorkerMain worker = WorkerMain.start(env.config())) {
      whileRunning.run();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  worker.ready()
                      && db.nextOffset(env.inputTopic(), 0) == offset
                      && db.scalar("SELECT count(*) FROM outbox_blocks") == 0);
    }
  }

  private static void rewindKafkaOffsetToZero(TestKafka kafka, WorkerEnv env) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .alterConsumerGroupOffsets(
              "replay-worker",
              Map.of(new TopicPartition(env.inputTopic(), 0), new OffsetAndMetadata(0)))
          .all()
          .get();
    }
  }
}
