package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.contract.RuntimeEnv;
import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.Events;
import dev.appservice.runtime.support.TestKafka;
import dev.appservice.runtime.support.TestPostgres;
import dev.appservice.runtime.support.WorkerEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Records over a limit never stall a partition: an output event over the worker's record limit
 * makes its command poison, a dead letter over it is bounded, and a record the broker refuses for
 * its size (a topic whose max.message.bytes is smaller than the worker's limit) is replaced by a
 * bounded dead letter while later commands flow on. On the real broker, with its real limits.
 */
class RecordLimitsIT {
  private static final Random random = new Random(42);

  @Test
  void anOutputOverTheLimitMakesItsCommandPoisonAndADeadLetterOverItIsBounded() throws Exception {
    TestKafka kafka = TestKafka.shared();
    Setup s = setup("limit-worker", Map.of());
    WorkerEnv env = s.env().with(RuntimeEnv.KAFKA_MAX_RECORD_BYTES, "65536");
    String in = env.inputTopic();
    String half = incompressible(40_000);
    kafka.send(
        List.of(
            Events.record(
                in, "c-1", Events.command("up-1", "customer.upsert", "c-1", field("a", half))),
            // The merged document would be about 80 kB: its output event cannot be a record.
            Events.record(
                in, "c-1", Events.command("grow-2", "customer.patch", "c-1", field("b", half))),
            // Someone else's producer wrote a poison command larger than the worker's limit.
            Events.record(
                in,
                "c-3",
                Events.command(
                    "odd-3", "customer.frobnicate", "c-3", field("x", incompressible(70_000)))),
            Events.record(
                in, "c-2", Events.command("up-4", "customer.upsert", "c-2", "{\"b\":1}"))));

    try (WorkerMain worker = WorkerMain.start(env.config())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> s.db().nextOffset(in, 0) == 4);
      List<ConsumerRecord<byte[], byte[]>> dlq =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> kafka.readAll(env.deadLetterTopic(), 0), r -> r.size() >= 2);

      assertThat(dlq).hasSize(2);
      ConsumerRecord<byte[], byte[]> grown = dlq.get(0);
      assertThat(Events.header(grown, "dlq.original.offset")).isEqualTo("1");
      assertThat(Events.header(grown, "dlq.error"))
          .contains("output event 0 (customer.patched)", "more than the record limit of 65536");
      assertThat(Events.parse(grown).getId()).as("kept as it was").isEqualTo("grow-2");
      ConsumerRecord<byte[], byte[]> odd = dlq.get(1);
      assertThat(Events.header(odd, "dlq.original.offset")).isEqualTo("2");
      assertThat(Events.header(odd, "dlq.bounded")).isEqualTo("true");
      assertThat(odd.value()).as("the value is dropped").isNull();
      assertThat(Events.header(odd, "ce_id")).isEqualTo("odd-3");
      assertThat(Events.header(odd, "dlq.error"))
          .contains("more than the record limit of 65536", "unsupported command type");
      assertThat(Long.parseLong(Events.header(odd, "dlq.original.size"))).isGreaterThan(70_000);
      assertThat(odd.serializedValueSize() + odd.serializedKeySize()).isLessThan(100);

      assertThat(s.db().rows("SELECT id, version FROM documents ORDER BY id"))
          .as("the patch's effect is undone")
          .extracting(r -> r.get("id") + " v" + r.get("version"))
          .containsExactly("c-1 v1", "c-2 v1");
      assertThat(
              s.db()
                  .rows(
                      "SELECT split_part(command_id, ' ', 2) AS id, status FROM command_fulfilment"
                          + " ORDER BY input_offset"))
          .extracting(r -> r.get("id") + "=" + r.get("status"))
          .containsExactly("up-1=done", "grow-2=failed", "odd-3=failed", "up-4=done");
      assertThat(
              await()
                  .atMost(Duration.ofSeconds(30))
                  .until(() -> kafka.readAll(env.outputTopic(), 0), r -> r.size() >= 2))
          .extracting(r -> Events.parse(r).getId())
          .containsExactly(in + "/0/0/0", in + "/0/3/0");
    }
  }

  @Test
  void aRecordTheBrokerRefusesForItsSizeIsABoundedDeadLetterAndThePartitionFlows()
      throws Exception {
    TestKafka kafka = TestKafka.shared();
    // The worker may produce 1 MiB, but the output topic takes 32 kB: only the broker can tell.
    Setup s = setup("limit-broker", Map.of("max.message.bytes", "32768"));
    WorkerEnv env = s.env();
    String in = env.inputTopic();
    kafka.send(
        List.of(
            Events.record(
                in,
                "c-1",
                Events.command(
                    "big-1", "customer.upsert", "c-1", field("a", incompressible(50_000))))));

    try (WorkerMain worker = WorkerMain.start(env.config())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> s.db().nextOffset(in, 0) == 1);
      List<ConsumerRecord<byte[], byte[]>> dlq =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> kafka.readAll(env.deadLetterTopic(), 0), r -> !r.isEmpty());
      kafka.send(
          List.of(
              Events.record(
                  in, "c-2", Events.command("small-2", "customer.upsert", "c-2", "{\"b\":1}")),
              Events.record(
                  in, "c-1", Events.command("small-3", "customer.upsert", "c-1", "{\"c\":1}"))));
      await().atMost(Duration.ofSeconds(30)).until(() -> s.db().nextOffset(in, 0) == 3);

      ConsumerRecord<byte[], byte[]> refused = dlq.getFirst();
      assertThat(dlq).hasSize(1);
      assertThat(Events.header(refused, "dlq.bounded")).isEqualTo("true");
      assertThat(Events.header(refused, "dlq.original.event")).isEqualTo(in + "/0/0/0");
      assertThat(Events.header(refused, "dlq.original.destination")).isEqualTo(env.outputTopic());
      assertThat(Events.header(refused, "dlq.original.topic")).isEqualTo(in);
      assertThat(Events.header(refused, "dlq.original.offset")).isEqualTo("0");
      assertThat(Events.header(refused, "dlq.id")).isEqualTo(in + "/0/0/0/dlq");
      assertThat(Events.header(refused, "ce_type")).isEqualTo("customer.upserted");
      assertThat(Events.header(refused, "dlq.error")).contains("RecordTooLargeException");
      assertThat(new String(refused.key())).isEqualTo("c-1");
      assertThat(refused.value()).isNull();

      // The refusal is about one record: the command's effects stay, and so does its outcome.
      assertThat(s.db().rows("SELECT id, version FROM documents ORDER BY id"))
          .extracting(r -> r.get("id") + " v" + r.get("version"))
          .containsExactly("c-1 v2", "c-2 v1");
      assertThat(
              await()
                  .atMost(Duration.ofSeconds(30))
                  .until(() -> kafka.readAll(env.outputTopic(), 0), r -> r.size() >= 2))
          .extracting(r -> Events.parse(r).getId())
          .containsExactly(in + "/0/1/0", in + "/0/2/0");
      assertThat(metrics(worker))
          .containsPattern("appservice_worker_outbox_refused_total\\{[^}]*} 1.0");
    }
  }

  private record Setup(WorkerEnv env, Db db) {}

  /** A new database and three topics; the output topic gets {@code outputConfig}. */
  private static Setup setup(String name, Map<String, String> outputConfig) throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestPostgres pg = TestPostgres.shared();
    String url = pg.jdbcUrl(pg.createDatabase());
    WorkerEnv env = new WorkerEnv(name, kafka.bootstrapServers(), url, 1, 0);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(env.inputTopic(), 1, (short) 1),
                  new NewTopic(env.outputTopic(), 1, (short) 1).configs(outputConfig),
                  new NewTopic(env.deadLetterTopic(), 1, (short) 1)))
          .all()
          .get();
    }
    return new Setup(env, new Db(url));
  }

  /** Text that LZ4 cannot shrink much, so the broker sees about its length. */
  private static String incompressible(int chars) {
    byte[] bytes = new byte[chars * 3 / 4];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String field(String name, String value) {
    return "{\"" + name + "\":\"" + value + "\"}";
  }

  private static String metrics(WorkerMain worker) throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + worker.managementPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }
}
