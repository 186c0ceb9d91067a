package dev.appservice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.runtime.api.routing.RoutingGate;
import dev.appservice.runtime.api.routing.RoutingTimings;
import dev.appservice.runtime.support.TcpProxy;
import dev.appservice.runtime.support.TestApi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Adding input partitions while commands are in flight: an entity whose key moves to a new
 * partition keeps its order, with two API replicas, real workers, broker and database.
 */
class RescaleIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void anEntityMovedToANewPartitionKeepsItsOrder() throws Exception {
    try (TestApi api = TestApi.start("rescale", 2);
        ApiMain other = api.startReplica()) {
      // An entity on partition 0 now, on partition 2 or 3 once there are four.
      String entity = key("moving-", k -> partition(k, 2) == 0 && partition(k, 4) >= 2);
      api.stopWorker(0);
      HttpResponse<String> first =
          api.post("/v1/commands", upsert("first", entity, "{\"step\": 1}"));
      assertThat(first.statusCode()).isEqualTo(202);
      assertThat(first.headers().firstValue("Location").orElseThrow()).contains("partition=0&");

      api.addPartitions(4);
      // The replicas notice the new partitions and hold new commands until partition 0, whose
      // worker is down, has applied everything routed before.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> gauge(api, "appservice_api_routing_partitions") == 0);
      CompletableFuture<HttpResponse<String>> second =
          CompletableFuture.supplyAsync(
              () -> post(api, upsert("second", entity, "{\"step\": 2}"), "Prefer", "wait=20"));
      Thread.sleep(1_000);
      assertThat(second).isNotDone();

      api.startWorker(0);
      HttpResponse<String> done = second.get(90, TimeUnit.SECONDS);
      assertThat(done.statusCode()).isEqualTo(200);
      assertThat(done.headers().firstValue("Location")).isPresent();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> gauge(api, "appservice_api_routing_partitions") == 4);
      assertThat(api.db().scalar("SELECT version FROM documents WHERE id = '" + entity + "'"))
          .isEqualTo(2);
      assertThat(
              api.db()
                  .rows(
                      "SELECT split_part(command_id, ' ', 2) AS command_id, input_partition FROM command_fulfilment"
                          + " WHERE split_part(command_id, ' ', 2) IN ('first', 'second') ORDER BY fulfilled_at"))
          .extracting(r -> r.get("command_id") + "@" + r.get("input_partition"))
          .containsExactly("first@0", "second@" + partition(entity, 4));
      assertThat(api.db().scalar("SELECT partitions FROM input_routing")).isEqualTo(4);

      // Both replicas route with the new count.
      HttpResponse<String> third =
          api.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://localhost:" + other.port() + "/v1/commands"))
                  .header("Content-Type", "application/json")
                  .header("Prefer", "wait=20")
                  .POST(
                      java.net.http.HttpRequest.BodyPublishers.ofString(
                          upsert("third", entity, "{\"step\": 3}"))));
      assertThat(third.statusCode()).isEqualTo(200);
      assertThat(api.db().scalar("SELECT version FROM documents WHERE id = '" + entity + "'"))
          .isEqualTo(3);
      assertThat(
              api.db()
                  .scalar(
                      "SELECT input_partition FROM command_fulfilment WHERE split_part(command_id, ' ', 2) = 'third'"))
          .isEqualTo(partition(entity, 4));

      // A gate whose session ends (and with it the lock) holds commands until it has the lock
      // again, then routes with the recorded count.
      api.db()
          .execute(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                  + " WHERE application_name LIKE 'appservice-api-routing %'");
      HttpResponse<String> fourth =
          post(api, upsert("fourth", entity, "{\"step\": 4}"), "Prefer", "wait=20");
      assertThat(fourth.statusCode()).isEqualTo(200);
      assertThat(api.db().scalar("SELECT version FROM documents WHERE id = '" + entity + "'"))
          .isEqualTo(4);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> gauge(api, "appservice_api_routing_partitions") == 4);
    }
  }

  /**
   * Commands held during a switch are bounded in bytes (API_HELD_COMMANDS_BYTES): beyond, a command
   * is 503 with Retry-After at once and never produced; the held ones go out when the switch ends.
   */
  @Test
  void theCommandsHeldDuringASwitchAreBoundedInBytes() throws Exception {
    try (TestApi api =
        TestApi.start("held", 2, java.util.Map.of("API_HELD_COMMANDS_BYTES", "1048576"))) {
      String entity = key("held-", k -> partition(k, 2) == 0);
      api.stopWorker(0);
      assertThat(api.post("/v1/commands", upsert("held-0", entity, "{}")).statusCode())
          .isEqualTo(202);
      api.addPartitions(4);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> gauge(api, "appservice_api_routing_partitions") == 0);
      String big = "{\"s\": \"" + "x".repeat(400_000) + "\"}";
      long before = api.inputRecords();
      var held = new java.util.ArrayList<CompletableFuture<HttpResponse<String>>>();
      for (int i = 1; i <= 2; i++) {
        String id = "held-" + i;
        held.add(
            CompletableFuture.supplyAsync(
                () -> post(api, upsert(id, "other-" + id, big), "Prefer", "wait=30")));
      }
      await()
          .pollDelay(Duration.ofSeconds(1))
          .until(() -> held.stream().noneMatch(f -> f.isDone()));

      HttpResponse<String> refused = post(api, upsert("held-3", "other-3", big));
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(refused.body()).contains("commands are held", "of the 1048576 bytes");
      assertThat(api.inputRecords()).isEqualTo(before);

      api.startWorker(0);
      for (var f : held) {
        assertThat(f.get(90, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
      assertThat(
              api.db()
                  .scalar(
                      "SELECT count(*) FROM command_fulfilment"
                          + " WHERE split_part(command_id, ' ', 2) = 'held-3'"))
          .isZero();
    }
  }

  @Test
  void aSwitchOutlivesTheReplicaThatStartedIt() throws Exception {
    try (TestApi api = TestApi.start("handover", 2)) {
      // Three replicas: the test's own and two more.
      ApiMain[] replicas = {api.replica(), api.startReplica(), api.startReplica()};
      try {
        String entity = key("handed-", k -> partition(k, 2) == 0 && partition(k, 3) == 2);
        api.stopWorker(0);
        assertThat(post(replicas[0], upsert("h-1", entity, "{\"step\": 1}"), "wait=0").statusCode())
            .isEqualTo(202);
        api.addPartitions(3);

        // Find the replica that got the exclusive lock, and stop it in the middle of the switch.
        String switcher =
            await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> exclusiveHolder(api), name -> name != null);
        ApiMain stopping =
            java.util.Arrays.stream(replicas)
                .filter(r -> r.routingSession().equals(switcher))
                .findFirst()
                .orElseThrow();
        ApiMain surviving =
            java.util.Arrays.stream(replicas).filter(r -> r != stopping).findFirst().orElseThrow();
        assertThat(api.db().scalar("SELECT draining_to FROM input_routing")).isEqualTo(3);
        CompletableFuture<HttpResponse<String>> second =
            CompletableFuture.supplyAsync(
                () -> post(surviving, upsert("h-2", entity, "{\"step\": 2}"), "wait=25"));
        stopping.close();

        api.startWorker(0);
        HttpResponse<String> done = second.get(120, TimeUnit.SECONDS);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(api.db().scalar("SELECT partitions FROM input_routing")).isEqualTo(3);
        assertThat(
                api.db()
                    .rows(
                        "SELECT split_part(command_id, ' ', 2) AS command_id, input_partition FROM command_fulfilment"
                            + " WHERE split_part(command_id, ' ', 2) IN ('h-1', 'h-2') ORDER BY fulfilled_at"))
            .extracting(r -> r.get("command_id") + "@" + r.get("input_partition"))
            .containsExactly("h-1@0", "h-2@2");
      } finally {
        replicas[1].close();
        replicas[2].close();
      }
    }
  }

  @Test
  void aReplicaCutOffUnnoticedStopsRoutingWithinItsLease() throws Exception {
    try (TestApi api = TestApi.start("half-open", 2)) {
      URI database = URI.create(api.jdbcUrl().substring("jdbc:".length()));
      try (TcpProxy network = new TcpProxy(database.getHost(), database.getPort());
          ApiMain cutOff =
              api.startReplica(
                  "jdbc:postgresql://localhost:" + network.port() + database.getPath())) {
        String entity = key("cut-", k -> partition(k, 2) == 0 && partition(k, 4) >= 2);
        assertThat(post(cutOff, upsert("c-1", entity, "{\"step\": 1}"), "wait=20").statusCode())
            .isEqualTo(200);
        long produced = api.inputRecords();

        // The replica's packets vanish and its gate session ends at the server, releasing its
        // shared lock; the replica itself cannot learn either. Its lease must stop it routing.
        network.freeze();
        long frozenAt = System.nanoTime();
        assertThat(
                api.db()
                    .scalar(
                        "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))"
                            + " FROM pg_stat_activity WHERE application_name = '"
                            + cutOff.routingSession()
                            + "'"))
            .isEqualTo(1);
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> gauge(api, cutOff, "appservice_api_routing_partitions") == 0);
        // The lease, not the socket timeout (twice as long), is what stopped it.
        assertThat(Duration.ofNanos(System.nanoTime() - frozenAt))
            .isLessThan(RoutingTimings.LEASE.plusSeconds(1));
        CompletableFuture<HttpResponse<String>> held =
            CompletableFuture.supplyAsync(
                () ->
                    post(
                        cutOff,
                        "{\"type\": \"customer.upsert\", \"subject\": \""
                            + entity
                            + "\", \"data\": {\"step\": 2}}",
                        "wait=0"));

        // Nothing stops the other replica's switch, and the cut-off one produces nothing. (The
        // held command fails 60 s after its POST: the switch must be done well before.)
        api.addPartitions(4);
        await()
            .atMost(Duration.ofSeconds(40))
            .until(() -> gauge(api, "appservice_api_routing_partitions") == 4);
        assertThat(held).isNotDone();
        assertThat(api.inputRecords()).isEqualTo(produced);

        // Back on the network, it learns the new count before it routes again.
        network.thaw();
        HttpResponse<String> accepted = held.get(60, TimeUnit.SECONDS);
        assertThat(accepted.statusCode()).isEqualTo(202);
        String id = accepted.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        assertThat(id).matches("[0-9a-f-]{36}");
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    api.db()
                            .scalar(
                                "SELECT count(*) FROM command_fulfilment WHERE split_part(command_id, ' ', 2) = '"
                                    + id
                                    + "'")
                        == 1);
        assertThat(
                api.db()
                    .scalar(
                        "SELECT input_partition FROM command_fulfilment WHERE split_part(command_id, ' ', 2) = '"
                            + id
                            + "'"))
            .isEqualTo(partition(entity, 4));
        assertThat(api.db().scalar("SELECT version FROM documents WHERE id = '" + entity + "'"))
            .isEqualTo(2);
      }
    }
  }

  /** The first key {@code <prefix><n>} that {@code wanted} accepts. */
  private static String key(String prefix, Predicate<String> wanted) {
    return IntStream.range(0, 1000)
        .mapToObj(i -> prefix + i)
        .filter(wanted)
        .findFirst()
        .orElseThrow();
  }

  /** The application_name of the session holding the exclusive routing lock, or null. */
  private static String exclusiveHolder(TestApi api) throws Exception {
    var rows =
        api.db()
            .rows(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE l.locktype = 'advisory' AND l.granted AND l.mode = 'ExclusiveLock'"
                    + " AND a.application_name LIKE 'appservice-api-routing %'");
    return rows.isEmpty() ? null : (String) rows.getFirst().get("application_name");
  }

  private static HttpResponse<String> post(ApiMain replica, String body, String wait) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + replica.port() + "/v1/commands"))
              .timeout(Duration.ofSeconds(120))
              .header("Content-Type", "application/json")
              .header("Prefer", wait)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static int partition(String key, int count) {
    return RoutingGate.partitionFor(key.getBytes(StandardCharsets.UTF_8), count);
  }

  private static String upsert(String id, String entity, String data) {
    return "{\"id\": \""
        + id
        + "\", \"type\": \"customer.upsert\", \"subject\": \""
        + entity
        + "\", \"data\": "
        + data
        + "}";
  }

  private static HttpResponse<String> post(TestApi api, String body, String... headers) {
    try {
      return api.post("/v1/commands", body, headers);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static double gauge(TestApi api, String name) throws Exception {
    return gauge(api, api.replica(), name);
  }

  private static double gauge(TestApi api, ApiMain replica, String name) throws Exception {
    String metrics = api.management(replica, "/metrics").body();
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElse(-1);
  }
}
