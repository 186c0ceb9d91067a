package dev.appservice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.support.TestApi;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API against a real broker, a real database and real workers (two partitions). */
class ApiFlowIT {
  private static final ObjectMapper json = new ObjectMapper();
  private static TestApi api;

  @BeforeAll
  static void start() throws Exception {
    api = TestApi.start("flow", 2);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void createCustomerWithWaitAnswersTheEventAndTheViewServesTheCustomer() throws Exception {
    long before = api.inputRecords();
    String create =
        """
        {"id": "track-1", "type": "customer.upsert", "subject": "c-1",
         "data": {"name": "Ada", "tier": "gold"}}
        """;

    HttpResponse<String> first = api.post("/v1/commands", create, "Prefer", "wait=10");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Location")).hasValue("/v1/commands/track-1");
    JsonNode outcome = json.readTree(first.body());
    assertThat(outcome.get("status").asText()).isEqualTo("done");
    JsonNode event = outcome.get("events").get(0);
    assertThat(event.get("type").asText()).isEqualTo("customer.upserted");
    assertThat(event.get("subject").asText()).isEqualTo("c-1");
    assertThat(event.get("commandid").asText()).isEqualTo("track-1");
    assertThat(event.get("data")).isEqualTo(json.readTree("{\"name\":\"Ada\",\"tier\":\"gold\"}"));
    assertThat(outcome.get("eventIds").get(0).asText()).isEqualTo(event.get("id").asText());

    HttpResponse<String> customer = api.get("/v1/entities/customer/c-1");
    assertThat(customer.statusCode()).isEqualTo(200);
    assertThat(customer.headers().firstValue("ETag")).hasValue("\"1\"");
    assertThat(api.get("/v1/entities/customer/c-1", "If-None-Match", "\"1\"").statusCode())
        .isEqualTo(304);
    JsonNode view = json.readTree(customer.body());
    assertThat(view.get("document").get("name").asText()).isEqualTo("Ada");
    assertThat(view.get("commandId").asText()).isEqualTo("track-1");

    HttpResponse<String> again = api.post("/v1/commands", create, "Prefer", "wait=10");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json.readTree(again.body())).isEqualTo(outcome);
    assertThat(api.inputRecords()).isEqualTo(before + 1);
    assertThat(api.db().scalar("SELECT version FROM documents WHERE id = 'c-1'")).isEqualTo(1);

    HttpResponse<String> status = api.get("/v1/commands/track-1");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(json.readTree(status.body())).isEqualTo(outcome);
  }

  @Test
  void anIdPostedAgainWhileInFlightIsJoinedNotProducedTwice() throws Exception {
    api.stopWorkers();
    long before = api.inputRecords();
    String body =
        "{\"id\": \"dup-1\", \"type\": \"customer.upsert\", \"subject\": \"d-1\", \"data\": {}}";
    try {
      HttpResponse<String> first = api.post("/v1/commands", body);
      HttpResponse<String> second = api.post("/v1/commands", body, "Prefer", "wait=1");

      assertThat(first.statusCode()).isEqualTo(202);
      assertThat(second.statusCode()).isEqualTo(202);
      assertThat(second.headers().firstValue("Location"))
          .hasValueSatisfying(l -> assertThat(l).startsWith("/v1/commands/dup-1?partition="));
      assertThat(api.inputRecords()).isEqualTo(before + 1);
    } finally {
      api.startWorkers();
    }
    HttpResponse<String> done = api.get("/v1/commands/dup-1", "Prefer", "wait=10");
    assertThat(json.readTree(done.body()).get("status").asText()).isEqualTo("done");
    assertThat(api.db().scalar("SELECT version FROM documents WHERE id = 'd-1'")).isEqualTo(1);
  }

  /** Posts an upsert of an empty document (through the test's own API replica). */
  private static HttpResponse<String> upsert(String id, String subject) throws Exception {
    return api.post(
        "/v1/commands",
        "{\"id\": \""
            + id
            + "\", \"type\": \"customer.upsert\", \"subject\": \""
            + subject
            + "\", \"data\": {}}");
  }

  @Test
  void aCommandInFlightCanBeFollowedThroughAnotherReplica() throws Exception {
    api.stopWorkers();
    ApiMain other = api.startReplica();
    try {
      HttpResponse<String> accepted = upsert("follow-1", "f-1");
      assertThat(accepted.statusCode()).isEqualTo(202);
      String location = accepted.headers().firstValue("Location").orElseThrow();
      assertThat(location).matches("/v1/commands/follow-1\\?partition=\\d+&offset=\\d+");

      // The other replica never saw the command: by id alone it cannot know it.
      assertThat(get(other, "/v1/commands/follow-1").statusCode()).isEqualTo(404);
      HttpResponse<String> pending = get(other, location);
      assertThat(pending.statusCode()).isEqualTo(202);
      assertThat(json.readTree(pending.body()).get("status").asText()).isEqualTo("pending");
      assertThat(pending.headers().firstValue("Location")).hasValue(location);

      CompletableFuture<HttpResponse<String>> waiting =
          CompletableFuture.supplyAsync(() -> get(other, location, "Prefer", "wait=30"));
      Thread.sleep(500);
      api.startWorkers();
      HttpResponse<String> done = waiting.get(40, TimeUnit.SECONDS);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(json.readTree(done.body()).get("status").asText()).isEqualTo("done");
      assertThat(get(other, location).statusCode()).isEqualTo(200);

      // The worker passed that position recording another id there; there is no partition 7.
      assertThat(get(other, location.replace("follow-1", "never-posted")).statusCode())
          .isEqualTo(404);
      assertThat(get(other, "/v1/commands/follow-1?partition=7&offset=0").statusCode())
          .isEqualTo(200);
      assertThat(get(other, "/v1/commands/unknown-2?partition=7&offset=0").statusCode())
          .isEqualTo(404);
      for (String query :
          List.of(
              "?partition=x&offset=1",
              "?partition=0",
              "?offset=3",
              "?partition=0&offset=-1",
              "?partition=99999999999&offset=1",
              "?partition=0&partition=1&offset=1",
              "?partition=0&offset=99999999999999999999")) {
        HttpResponse<String> bad = get(other, "/v1/commands/unknown-1" + query);
        assertThat(bad.statusCode()).as(query).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      }
    } finally {
      other.close();
      if (!api.workersRunning()) {
        api.startWorkers();
      }
    }
  }

  @Test
  void followersOnAReplicaNeitherSwallowPostsNorCutEachOtherOff() throws Exception {
    api.stopWorkers();
    ApiMain other = api.startReplica();
    try {
      HttpResponse<String> accepted = upsert("follow-2", "f-2");
      String location = accepted.headers().firstValue("Location").orElseThrow();
      String position = location.substring(location.indexOf('?'));
      long offset = Long.parseLong(position.substring(position.lastIndexOf('=') + 1));

      // Two requests follow the same command; the one that does not wait must not end the other's.
      CompletableFuture<HttpResponse<String>> patient =
          CompletableFuture.supplyAsync(() -> get(other, location, "Prefer", "wait=20"));
      Thread.sleep(300);
      assertThat(get(other, location).statusCode()).isEqualTo(202);
      // A position the worker will pass without this id: the waiter learns it then, not at its
      // timeout.
      String elsewhere = "/v1/commands/never-posted-2" + position;
      CompletableFuture<HttpResponse<String>> wrong =
          CompletableFuture.supplyAsync(() -> get(other, elsewhere, "Prefer", "wait=20"));
      // Someone follows an id at a position far ahead; a POST of that id here must still produce.
      String ahead =
          "/v1/commands/follow-3" + position.replace("=" + offset, "=" + (offset + 1000));
      CompletableFuture<HttpResponse<String>> follower =
          CompletableFuture.supplyAsync(() -> get(other, ahead, "Prefer", "wait=3"));
      Thread.sleep(300);
      long before = api.inputRecords();
      HttpRequest.Builder post =
          HttpRequest.newBuilder(URI.create("http://localhost:" + other.port() + "/v1/commands"))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"id\": \"follow-3\", \"type\": \"customer.upsert\","
                          + " \"subject\": \"f-3\", \"data\": {}}"));
      assertThat(api.send(post).statusCode()).isEqualTo(202);
      assertThat(api.inputRecords()).isEqualTo(before + 1);

      long started = System.nanoTime();
      api.startWorkers();
      assertThat(patient.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      HttpResponse<String> notThere = wrong.get(30, TimeUnit.SECONDS);
      assertThat(notThere.statusCode()).isEqualTo(404);
      assertThat(notThere.body()).contains("was recorded at partition");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
      assertThat(follower.get(30, TimeUnit.SECONDS).statusCode()).isIn(200, 202);
      HttpResponse<String> produced = get(other, "/v1/commands/follow-3", "Prefer", "wait=10");
      assertThat(produced.statusCode()).isEqualTo(200);
    } finally {
      other.close();
      if (!api.workersRunning()) {
        api.startWorkers();
      }
    }
  }

  private static HttpResponse<String> get(ApiMain replica, String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://localhost:" + replica.port() + path))
            .timeout(Duration.ofSeconds(60));
    if (headers.length > 0) {
      b.headers(headers);
    }
    try {
      return api.http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void withoutWaitThePostIsAcceptedAndTheStatusCanBeAwaited() throws Exception {
    HttpResponse<String> accepted =
        api.post(
            "/v1/commands",
            "{\"type\": \"customer.upsert\", \"subject\": \"c-2\", \"data\": {\"name\": \"Bo\"}}");

    assertThat(accepted.statusCode()).isIn(200, 202);
    String id = json.readTree(accepted.body()).get("id").asText();
    assertThat(id).isNotBlank();
    String location = accepted.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("/v1/commands/" + id);

    HttpResponse<String> done = api.get(location, "Prefer", "wait=10");
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(json.readTree(done.body()).get("status").asText()).isEqualTo("done");
  }

  @Test
  void idsWithReservedCharactersWorkInLocationsAndPaths() throws Exception {
    HttpResponse<String> response =
        api.post(
            "/v1/commands",
            "{\"id\": \"a/b c?d\", \"type\": \"customer.upsert\", \"subject\": \"x/y z\","
                + " \"data\": {}}",
            "Prefer",
            "wait=10");

    assertThat(response.statusCode()).isEqualTo(200);
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(api.get(location).statusCode()).isEqualTo(200);
    assertThat(api.get("/v1/entities/customer/x%2Fy%20z").statusCode()).isEqualTo(200);
  }

  @Test
  void structuredCloudEventsAreAccepted() throws Exception {
    String event =
        """
        {"specversion": "1.0", "id": "ce-1", "source": "/shop/ui", "type": "order.upsert",
         "subject": "o-1", "datacontenttype": "application/json", "data": {"total": 12}}
        """;

    HttpResponse<String> response =
        api.post(
            "/v1/commands",
            event,
            "Content-Type",
            "application/cloudevents+json",
            "Prefer",
            "wait=10");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json.readTree(response.body()).at("/events/0/type").asText())
        .isEqualTo("order.upserted");
    assertThat(
            json.readTree(api.get("/v1/entities/order/o-1").body()).at("/document/total").asInt())
        .isEqualTo(12);
  }

  @Test
  void aCommandTheWorkerRejectsIsReportedAsFailed() throws Exception {
    HttpResponse<String> response =
        api.post(
            "/v1/commands",
            "{\"id\": \"p-1\", \"type\": \"customer.patch\", \"subject\": \"nobody\", \"data\": {}}",
            "Prefer",
            "wait=10");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode outcome = json.readTree(response.body());
    assertThat(outcome.get("status").asText()).isEqualTo("failed");
    assertThat(outcome.get("error").asText()).contains("does not exist");
  }

  @Test
  void listsArePagedByIdWithACursor() throws Exception {
    for (int i = 0; i < 7; i++) {
      String body =
          "{\"type\": \"item.upsert\", \"subject\": \"i-" + i + "\", \"data\": {\"n\": " + i + "}}";
      assertThat(api.post("/v1/commands", body, "Prefer", "wait=10").statusCode()).isEqualTo(200);
    }

    List<String> ids = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String next = "/v1/entities/item?limit=3";
    while (next != null) {
      HttpResponse<String> page = api.get(next);
      assertThat(page.statusCode()).isEqualTo(200);
      JsonNode body = json.readTree(page.body());
      body.get("items").forEach(item -> ids.add(item.get("id").asText()));
      sizes.add(body.get("items").size());
      next = body.get("next").isNull() ? null : body.get("next").asText();
    }

    assertThat(sizes).containsExactly(3, 3, 1);
    assertThat(ids).containsExactly("i-0", "i-1", "i-2", "i-3", "i-4", "i-5", "i-6");
  }

  @Test
  void aWaiterIsAnsweredEvenIfTheListenerLosesItsConnection() throws Exception {
    api.stopWorkers();
    try {
      CompletableFuture<HttpResponse<String>> waiting =
          api.http()
              .sendAsync(
                  HttpRequest.newBuilder(api.uri("/v1/commands"))
                      .header("Content-Type", "application/json")
                      .header("Prefer", "wait=30")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"id\": \"l-1\", \"type\": \"customer.upsert\", \"subject\":"
                                  + " \"l-1\", \"data\": {}}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      await().until(() -> api.get("/v1/commands/l-1").statusCode() == 202);

      api.db()
          .rows(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                  + " WHERE application_name = 'appservice-api-listener'");
      api.startWorkers();

      HttpResponse<String> response = waiting.get(40, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(json.readTree(response.body()).get("status").asText()).isEqualTo("done");
    } finally {
      if (!api.workersRunning()) {
        api.startWorkers();
      }
    }
  }

  @Test
  void healthMetricsAndOpenApiAreServed() throws Exception {
    assertThat(api.management("/health/live").statusCode()).isEqualTo(200);
    assertThat(api.management("/health/ready").statusCode()).isEqualTo(200);
    api.post(
        "/v1/commands",
        "{\"type\": \"x.upsert\", \"subject\": \"m\", \"data\": {}}",
        "Prefer",
        "wait=5");
    assertThat(api.management("/metrics").body())
        .contains(
            "appservice_api_requests_seconds_count",
            "appservice_api_wait_seconds_count",
            "appservice_api_commands_produced_total",
            "appservice_api_waiting_requests");
    HttpResponse<String> openApi = api.get("/openapi.json");
    assertThat(openApi.statusCode()).isEqualTo(200);
    assertThat(json.readTree(openApi.body()).get("openapi").asText()).startsWith("3.");
  }
}
