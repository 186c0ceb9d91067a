package dev.appservice.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.runtime.support.Db;
import dev.appservice.runtime.support.Events;
import dev.appservice.runtime.support.TestApp;
import dev.appservice.runtime.support.TestKafka;
import dev.appservice.runtime.support.WorkerEnv;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The seed's classic flow on the default document handler, with a real broker and database. */
class DocumentFlowIT {

  @Test
  void createCustomerEmitsCustomerCreatedEventCarryingTheTrackingId() throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestApp app = TestApp.create("shop");
    WorkerEnv env = app.env();
    Db db = app.db();

    try (WorkerMain worker = WorkerMain.start(env.config())) {
      String in = env.inputTopic();
      kafka.send(
          List.of(
              Events.record(
                  in,
                  "c-1",
                  Events.command(
                      "track-1", "customer.upsert", "c-1", "{\"name\":\"Ada\",\"tier\":\"gold\"}")),
              Events.record(
                  in,
                  0,
                  "c-1",
                  Events.command(
                      "track-2", "customer.patch", "c-1", "{\"tier\":null,\"city\":\"Oslo\"}"),
                  true),
              Events.record(
                  in,
                  "c-2",
                  Events.command("track-3", "customer.upsert", null, "{\"id\":\"c-2\"}")),
              Events.record(in, "c-2", Events.command("track-4", "customer.delete", "c-2", null))));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == 4);

      assertThat(db.rows("SELECT id, doc::text AS doc, version, command_id FROM documents"))
          .containsExactly(
              Map.of(
                  "id", "c-1",
                  "doc", "{\"city\": \"Oslo\", \"name\": \"Ada\"}",
                  "version", "2",
                  "command_id", "track-2"));
      assertThat(
              db.rows(
                  "SELECT split_part(command_id, ' ', 2) AS command_id, status FROM command_fulfilment ORDER BY 1"))
          .extracting(r -> r.get("command_id") + "=" + r.get("status"))
          .containsExactly("track-1=done", "track-2=done", "track-3=done", "track-4=done");

      List<ConsumerRecord<byte[], byte[]>> out = awaitRecords(kafka, env.outputTopic(), 4);
      CloudEvent created = Events.parse(out.getFirst());
      assertThat(created.getType()).isEqualTo("customer.upserted");
      assertThat(created.getId()).isEqualTo(in + "/0/0/0");
      assertThat(created.getSubject()).isEqualTo("c-1");
      assertThat(created.getExtension("commandid")).isEqualTo("track-1");
      assertThat(new String(created.getData().toBytes(), StandardCharsets.UTF_8))
          .isEqualTo("{\"name\":\"Ada\",\"tier\":\"gold\"}");
      assertThat(out.stream().map(Events::parse).map(CloudEvent::getType))
          .containsExactly(
              "customer.upserted", "customer.patched", "customer.upserted", "customer.deleted");

      assertManagementEndpoints(worker.managementPort());
    }
  }

  /**
   * The handler passes keys and documents as binary arrays: text that an array literal would have
   * to quote or escape (quotes, backslashes, commas, braces, NULL-like words, non-ASCII) arrives as
   * sent, through the upsert, the patch's load and the delete.
   */
  @Test
  void keysAndDocumentsArriveExactlyWhateverCharactersTheyHold() throws Exception {
    TestKafka kafka = TestKafka.shared();
    TestApp app = TestApp.create("chars");
    WorkerEnv env = app.env();
    Db db = app.db();
    String odd = "a\"b,c}{ \\ NULL é漢😀";
    String gone = "x,\"y\"";
    String doc = "{\"s\":\"q\\\"b\\\\s,{}NULL é漢😀\"}";

    try (WorkerMain worker = WorkerMain.start(env.config())) {
      String in = env.inputTopic();
      kafka.send(
          List.of(
              Events.record(in, "k1", Events.command("c-1", "customer.upsert", odd, doc)),
              Events.record(in, "k2", Events.command("c-2", "customer.upsert", gone, "{}")),
              Events.record(
                  in, 0, "k1", Events.command("c-3", "customer.patch", odd, "{\"n\":\"ü\"}"), true),
              Events.record(in, "k2", Events.command("c-4", "customer.delete", gone, null))));
      await().atMost(Duration.ofSeconds(30)).until(() -> db.nextOffset(in, 0) == 4);
    }

    assertThat(db.rows("SELECT id, doc->>'s' AS s, doc->>'n' AS n FROM documents"))
        .containsExactly(Map.of("id", odd, "s", "q\"b\\s,{}NULL é漢😀", "n", "ü"));
  }

  private static List<ConsumerRecord<byte[], byte[]>> awaitRecords(
      TestKafka kafka, String topic, int count) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kafka.readAll(topic, 0), records -> records.size() >= count);
  }

  private static void assertManagementEndpoints(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    assertThat(get(http, port, "/health/live").statusCode()).isEqualTo(200);
    assertThat(get(http, port, "/health/ready").statusCode()).isEqualTo(200);
    String metrics = get(http, port, "/metrics").body();
    assertThat(metrics)
        .contains(
            "appservice_worker_records_total",
            "appservice_worker_batches_total",
            "appservice_worker_batch_size",
            "appservice_worker_processing_latency",
            "appservice_worker_lag",
            "appservice_worker_dead_lettered_total",
            "appservice_worker_stage_duration_seconds_sum{appservice=\"shop\",partition=\"0\","
                + "stage=\"handler\"");
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
