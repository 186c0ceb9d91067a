package dev.appservice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.contract.RuntimeEnv;
import dev.appservice.runtime.support.SseReader;
import dev.appservice.runtime.support.TestApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's bounds refuse what is over them with 503 and Retry-After, produce nothing for it, and
 * take work again once there is room: commands waited for at once, and open event streams.
 */
class OverloadIT {
  private static TestApi api;

  @BeforeAll
  static void start() throws Exception {
    api =
        TestApi.start(
            "overload",
            1,
            Map.of(
                RuntimeEnv.API_MAX_TRACKED_COMMANDS, "5", RuntimeEnv.API_MAX_EVENT_STREAMS, "2"));
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void commandsBeyondWhatTheReplicaMayWaitForAre503UntilTheWorkersCatchUp() throws Exception {
    api.stopWorkers();
    long before = api.inputRecords();
    for (int i = 0; i < 5; i++) {
      assertThat(api.post("/v1/commands", command("t-" + i)).statusCode()).isEqualTo(202);
    }

    HttpResponse<String> over = api.post("/v1/commands", command("t-5"));
    assertThat(over.statusCode()).isEqualTo(503);
    assertThat(over.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(over.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(over.body()).contains("overloaded", "already waits for 5 commands");
    assertThat(api.inputRecords()).isEqualTo(before + 5);

    api.startWorkers();
    for (int i = 0; i < 5; i++) {
      assertThat(api.get("/v1/commands/t-" + i, "Prefer", "wait=20").statusCode()).isEqualTo(200);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> api.post("/v1/commands", command("t-5"), "Prefer", "wait=10").statusCode(),
            s -> s == 200);
  }

  @Test
  void streamsBeyondTheLimitAre503() throws Exception {
    try (SseReader one = new SseReader(api.http(), api.uri("/v1/events"), null);
        SseReader two = new SseReader(api.http(), api.uri("/v1/events"), null)) {
      assertThat(one.next().event()).isEqualTo("ready");
      assertThat(two.next().event()).isEqualTo("ready");
      HttpResponse<String> third = api.get("/v1/events");
      assertThat(third.statusCode()).isEqualTo(503);
      assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
    }
    // The server notices the closed streams at its next keep-alive comments.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              try (SseReader again = new SseReader(api.http(), api.uri("/v1/events"), null)) {
                return again.status();
              }
            },
            s -> s == 200);
  }

  private static String command(String id) {
    return "{\"id\": \""
        + id
        + "\", \"type\": \"thing.upsert\", \"subject\": \""
        + id
        + "\", \"data\": {\"a\": 1}}";
  }
}
