package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.Events;
import dev.appservice.runtime.support.TestApp;
import dev.appservice.runtime.support.TestKafka;
import dev.appservice.runtime.support.WorkerEnv;
import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** Poison events are dead-lettered with their error and position; the partition keeps flowing. */
class PoisonEventsIT {

  @Test
  void poisonEventsLandInTheDeadLetterTopicAndLaterEventsAreApplied() throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestApp app = TestApp.create("poison");
    WorkerEnv env = app.env();
    String in = env.inputTopic();
    Db db = app.db();

    kafka.send(
        List.of(
            Events.record(in, "c-1", Events.command("ok-1", "customer.upsert", "c-1", "{\"a\":1}")),
            new ProducerRecord<>(in, 0, "x".getBytes(), "not a cloud event".getBytes()),
            Events.record(in, "c-1", Events.command("bad-2", "customer.frobnicate", "c-1", "{}")),
            Events.record(in, "c-9", Events.command("bad-3", "customer.patch", "c-9", "{\"a\":2}")),
            Events.record(in, "c-1", Events.command("bad-4", "customer.upsert", "c-1", "{nope")),
            Events.record(in, "c-2", Events.command("ok-5", "customer.upsert", "c-2", "{\"b\":1}")),
            Events.record(
                in, "c-1", Events.command("ok-6", "customer.patch", "c-1", "{\"c\":3}"))));

    try (WorkerMain worker = WorkerMain.start(env.config())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == 7);
      List<ConsumerRecord<byte[], byte[]>> dlq =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> kafka.readAll(env.deadLetterTopic(), 0), r -> r.size() >= 4);

      assertThat(dlq)
          .extracting(r -> Events.header(r, "dlq.original.offset"))
          .containsExactly("1", "2", "3", "4");
      assertThat(dlq).extracting(r -> Events.header(r, "dlq.original.topic")).containsOnly(in);
      assertThat(Events.header(dlq.get(0), "dlq.error")).contains("CloudEvent");
      assertThat(Events.header(dlq.get(1), "dlq.error")).contains("unsupported command type");
      assertThat(Events.header(dlq.get(2), "dlq.error")).contains("cannot patch customer 'c-9'");
      assertThat(Events.header(dlq.get(3), "dlq.error")).contains("not valid JSON");
      assertThat(new String(dlq.get(0).value(), StandardCharsets.UTF_8))
          .isEqualTo("not a cloud event");
      CloudEvent original = Events.parse(dlq.get(1));
      assertThat(original.getId()).as("the original event is kept as it was").isEqualTo("bad-2");

      assertThat(db.rows("SELECT id, doc::text AS doc FROM documents ORDER BY id"))
          .extracting(r -> r.get("id") + " " + r.get("doc"))
          .containsExactly("c-1 {\"a\": 1, \"c\": 3}", "c-2 {\"b\": 1}");
      assertThat(
              db.rows(
                  "SELECT split_part(command_id, ' ', 2) AS command_id, status FROM command_fulfilment ORDER BY 1"))
          .extracting(r -> r.get("command_id") + "=" + r.get("status"))
          .containsExactly(
              "bad-2=failed",
              "bad-3=failed",
              "bad-4=failed",
              "ok-1=done",
              "ok-5=done",
              "ok-6=done");
      assertThat(
              await()
                  .atMost(Duration.ofSeconds(30))
                  .until(() -> kafka.readAll(env.outputTopic(), 0), r -> r.size() >= 3))
          .extracting(r -> Events.parse(r).getId())
          .containsExactly(in + "/0/0/0", in + "/0/5/0", in + "/0/6/0");
    }
  }

  /**
   * The document handler rejects a malformed command while the batch is decoded, ahead of its turn
   * ({@code EventHandler.parse}); the rest of the batch is applied in one go. Resent with the same
   * id, the command is recognised as recorded and skipped: one dead letter, one failed record.
   */
  @Test
  void aCommandRejectedAheadOfItsTurnIsRecordedOnceAndSkippedWhenResent() throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestApp app = TestApp.create("poison-ahead");
    WorkerEnv env = app.env();
    String in = env.inputTopic();
    Db db = app.db();
    CloudEvent malformed = Events.command("bad-1", "customer.upsert", "c-1", "[1, 2]");

    try (WorkerMain worker = WorkerMain.start(env.config())) {
      kafka.send(
          List.of(
              Events.record(in, "c-1", Events.command("ok-1", "customer.upsert", "c-1", "{}")),
              Events.record(in, "c-1", malformed),
              Events.record(
                  in, "c-1", Events.command("ok-2", "customer.patch", "c-1", "{\"a\":1}"))));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == 3);
      kafka.send(
          List.of(
              Events.record(in, "c-1", malformed),
              Events.record(
                  in, "c-1", Events.command("ok-3", "customer.patch", "c-1", "{\"b\":2}"))));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == 5);

      assertThat(db.rows("SELECT id, doc::text AS doc, version FROM documents"))
          .extracting(r -> r.get("id") + " " + r.get("doc") + " v" + r.get("version"))
          .containsExactly("c-1 {\"a\": 1, \"b\": 2} v3");
      assertThat(
              db.rows(
                  "SELECT split_part(command_id, ' ', 2) AS command_id, status, input_offset FROM command_fulfilment"
                      + " ORDER BY input_offset"))
          .extracting(
              r -> r.get("command_id") + "=" + r.get("status") + "@" + r.get("input_offset"))
          .containsExactly("ok-1=done@0", "bad-1=failed@1", "ok-2=done@2", "ok-3=done@4");
      List<ConsumerRecord<byte[], byte[]>> outputs =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> kafka.readAll(env.outputTopic(), 0), r -> r.size() >= 3);
      assertThat(outputs)
          .extracting(r -> Events.parse(r).getId())
          .containsExactly(in + "/0/0/0", in + "/0/2/0", in + "/0/4/0");
      List<ConsumerRecord<byte[], byte[]>> dlq =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> kafka.readAll(env.deadLetterTopic(), 0), r -> !r.isEmpty());
      assertThat(dlq).extracting(r -> Events.header(r, "dlq.original.offset")).containsExactly("1");
      assertThat(Events.header(dlq.getFirst(), "dlq.error")).contains("needs a JSON object");
    }
  }

  /**
   * A failure that only the database finds, in the handler's flush, names no event: the batch is
   * replayed one event at a time and only the culprit is dead-lettered. The same batch has more
   * failures in {@code handle} than the worker sets aside by trying the batch again without them.
   */
  @Test
  void aFailureInFlushAndManyFailuresInHandleCostOnlyTheirOwnEvents() throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestApp app = TestApp.create("poison-flush");
    WorkerEnv env = app.env();
    String in = env.inputTopic();
    Db db = app.db();
    List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
    records.add(
        Events.record(in, "c-1", Events.command("ok-1", "customer.upsert", "c-1", "{\"a\":1}")));
    // Valid JSON, but jsonb cannot hold \u0000: PostgreSQL rejects the flush's upsert.
    records.add(
        Events.record(
            in, "c-2", Events.command("nul-2", "customer.upsert", "c-2", "{\"s\":\"\\u0000\"}")));
    int missing = BatchProcessor.SET_ASIDE_PER_BATCH + 2;
    for (int i = 0; i < missing; i++) {
      records.add(
          Events.record(
              in, "m-" + i, Events.command("patch-" + i, "customer.patch", "m-" + i, "{}")));
    }
    records.add(
        Events.record(in, "c-3", Events.command("ok-3", "customer.upsert", "c-3", "{\"b\":2}")));
    kafka.send(records);
    int total = records.size();

    try (WorkerMain worker = WorkerMain.start(env.config())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == total);
      List<ConsumerRecord<byte[], byte[]>> dlq =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> kafka.readAll(env.deadLetterTopic(), 0), r -> r.size() >= total - 2);

      assertThat(dlq).hasSize(total - 2);
      assertThat(dlq.getFirst())
          .satisfies(
              r -> assertThat(Events.header(r, "dlq.original.offset")).isEqualTo("1"),
              r -> assertThat(Events.header(r, "dlq.error")).contains("Unicode"));
      assertThat(dlq.subList(1, dlq.size()))
          .allSatisfy(r -> assertThat(Events.header(r, "dlq.error")).contains("does not exist"));
      assertThat(db.rows("SELECT id, doc::text AS doc FROM documents ORDER BY id"))
          .extracting(r -> r.get("id") + " " + r.get("doc"))
          .containsExactly("c-1 {\"a\": 1}", "c-3 {\"b\": 2}");
      assertThat(db.scalar("SELECT count(*) FROM command_fulfilment WHERE status = 'failed'"))
          .isEqualTo((long) total - 2);
      assertThat(
              db.rows(
                  "SELECT split_part(command_id, ' ', 2) AS command_id FROM command_fulfilment WHERE status = 'done'"
                      + " ORDER BY 1"))
          .extracting(r -> r.get("command_id"))
          .containsExactly("ok-1", "ok-3");
    }
  }
}
