package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.Events;
import dev.appservice.runtime.support.TestApp;
import dev.appservice.runtime.support.TestKafka;
import dev.appservice.runtime.support.WorkerEnv;
import dev.appservice.runtime.support.WorkerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * Kills a real worker process with SIGKILL at random points while keyed events with per-key
 * sequence numbers flow, then checks that every event was applied exactly once and in order.
 */
class CrashIT {
  private static final int EVENTS = 100_000;
  private static final int KEYS = 500;
  private static final int KILLS = 20;

  @Test
  void sigkilledWorkersApplyEveryEventExactlyOnceInOrder() throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestApp app = TestApp.create("crash");
    WorkerEnv env = app.env().with("HANDLER", "sequence-check");
    Db db = app.db();
    Path log = Path.of("target", "crash-it", "worker.log");

    AtomicReference<Throwable> producerFailure = new AtomicReference<>();
    Thread producer = Thread.ofPlatform().start(() -> produce(kafka, env, producerFailure));
    Random random = new Random(42);
    int killsWhileProcessing = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      long before = db.nextOffset(env.inputTopic(), 0);
      Process worker = WorkerProcess.start(env.map(), log);
      if (kill % 2 == 0) {
        // Anywhere from JVM start through migrations and takeover into the first batches.
        Thread.sleep(300 + random.nextInt(2700));
      } else {
        // In the middle of the stream: after this life committed its first batch (if the input
        // is not exhausted yet; a worker that keeps up leaves nothing to commit after the end).
        await()
            .atMost(Duration.ofSeconds(20))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> before >= EVENTS || db.nextOffset(env.inputTopic(), 0) > before);
        Thread.sleep(random.nextInt(800));
      }
      worker.destroyForcibly();
      assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(worker.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      long after = db.nextOffset(env.inputTopic(), 0);
      if (after > before && after < EVENTS) {
        killsWhileProcessing++;
      }
    }
    producer.join();
    assertThat(producerFailure.get()).isNull();

    Process last = WorkerProcess.start(env.map(), log);
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                db.nextOffset(env.inputTopic(), 0) == EVENTS
                    // the last worker has published what the killed ones left behind
                    && db.scalar("SELECT count(*) FROM outbox_blocks") == 0);
    last.destroy();
    assertThat(last.waitFor(WorkerMain.SHUTDOWN_GRACE.toSeconds() + 5, TimeUnit.SECONDS))
        .as("exits within the grace period after SIGTERM")
        .isTrue();

    assertThat(killsWhileProcessing)
        .as("kills that hit a worker mid-stream")
        .isGreaterThanOrEqualTo(8);
    assertDatabaseHoldsExactlyTheExpectedState(db);
    assertEveryOutputEventPublishedWithStableIds(kafka, env);
  }

  private static void produce(TestKafka kafka, WorkerEnv env, AtomicReference<Throwable> failure) {
    try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
      for (int i = 0; i < EVENTS; i++) {
        String key = "k" + (i % KEYS);
        long seq = i / KEYS + 1;
        producer.send(
            Events.record(
                env.inputTopic(),
                key,
                Events.command("cmd-" + i, "seq.step", key, "{\"seq\":" + seq + "}")));
        if (i % 1000 == 999) {
          Thread.sleep(500); // ~50 s of traffic, so kills land while events flow
        }
      }
      producer.flush();
    } catch (Throwable t) {
      failure.set(t);
    }
  }

  private static void assertDatabaseHoldsExactlyTheExpectedState(Db db) throws Exception {
    long perKey = EVENTS / KEYS;
    assertThat(db.scalar("SELECT count(*) FROM seq_state")).isEqualTo(KEYS);
    assertThat(
            db.rows(
                "SELECT key, last_seq, applied, in_order FROM seq_state"
                    + " WHERE last_seq <> ? OR applied <> ? OR NOT in_order",
                perKey,
                perKey))
        .as("keys applied more or less than once per event, or out of order")
        .isEmpty();
    assertThat(db.scalar("SELECT count(*) FROM command_fulfilment WHERE status = 'done'"))
        .isEqualTo(EVENTS);
    assertThat(db.scalar("SELECT count(*) FROM outbox_blocks")).isZero();
  }

  private static void assertEveryOutputEventPublishedWithStableIds(TestKafka kafka, WorkerEnv env) {
    List<ConsumerRecord<byte[], byte[]>> out = kafka.readAll(env.outputTopic(), 0);
    Map<String, List<ConsumerRecord<byte[], byte[]>>> byId =
        out.stream().collect(Collectors.groupingBy(r -> Events.header(r, "ce_id")));
    assertThat(byId).hasSize(EVENTS);
    for (int offset = 0; offset < EVENTS; offset++) {
      assertThat(byId).containsKey(env.inputTopic() + "/0/" + offset + "/0");
    }
    Map<String, Integer> duplicates = new HashMap<>();
    byId.forEach(
        (id, copies) -> {
          if (copies.size() > 1) {
            duplicates.put(id, copies.size());
            for (ConsumerRecord<byte[], byte[]> copy : copies) {
              assertThat(copy.value()).isEqualTo(copies.getFirst().value());
              assertThat(Arrays.equals(copy.key(), copies.getFirst().key())).isTrue();
            }
          }
        });
    System.out.printf(
        "crash test: %d output records, %d ids published more than once%n",
        out.size(), duplicates.size());
  }
}
