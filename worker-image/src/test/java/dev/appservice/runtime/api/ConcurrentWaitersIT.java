package dev.appservice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.runtime.support.TestApi;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Thousands of requests blocked on {@code Prefer: wait} at the same time are all answered, and
 * holding them costs futures, not platform threads.
 */
class ConcurrentWaitersIT {
  private static final int WAITERS = 2000;

  @Test
  void thousandsOfWaitingRequestsAreAllAnsweredWithoutAThreadEach() throws Exception {
    try (TestApi api = TestApi.start("crowd", 4)) {
      api.stopWorkers(); // commands pile up, so every request really waits
      int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(Executors.newVirtualThreadPerTaskExecutor())
              .build();

      List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
      for (int i = 0; i < WAITERS; i++) {
        String body =
            "{\"id\": \"w-"
                + i
                + "\", \"type\": \"crowd.upsert\", \"subject\": \"e-"
                + i
                + "\", \"data\": {\"i\": "
                + i
                + "}}";
        responses.add(
            http.sendAsync(
                HttpRequest.newBuilder(api.uri("/v1/commands"))
                    .timeout(Duration.ofSeconds(90))
                    .header("Content-Type", "application/json")
                    .header("Prefer", "wait=30")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString()));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> waiting(api) == WAITERS);
      int threadsWhileWaiting = ManagementFactory.getThreadMXBean().getThreadCount();

      System.out.printf(
          "%d requests waiting; platform threads %d before, %d while waiting%n",
          WAITERS, threadsBefore, threadsWhileWaiting);
      api.startWorkers();
      CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).join();

      assertThat(responses).allSatisfy(r -> assertThat(r.join().statusCode()).isEqualTo(200));
      assertThat(responses)
          .allSatisfy(r -> assertThat(r.join().body()).contains("\"status\":\"done\""));
      assertThat(threadsWhileWaiting - threadsBefore)
          .as("platform threads added while %d requests wait", WAITERS)
          .isLessThan(200);
      assertThat(api.db().scalar("SELECT count(*) FROM documents WHERE entity = 'crowd'"))
          .isEqualTo(WAITERS);
    }
  }

  private static long waiting(TestApi api) throws Exception {
    return api.management("/metrics")
        .body()
        .lines()
        .filter(l -> l.startsWith("appservice_api_waiting_requests "))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
        .findFirst()
        .orElse(-1);
  }
}
