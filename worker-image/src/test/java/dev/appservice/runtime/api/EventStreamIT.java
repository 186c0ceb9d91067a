package dev.appservice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.support.SseReader;
import dev.appservice.runtime.support.TestApi;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Output events as Server-Sent Events, in order, resumable without gaps (two partitions). */
class EventStreamIT {
  private static final ObjectMapper json = new ObjectMapper();
  private static TestApi api;

  @BeforeAll
  static void start() throws Exception {
    api = TestApi.start("stream", 2);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void eventsArriveInOrderAndAReconnectResumesWithoutGapsOrRepeats() throws Exception {
    List<JsonNode> seen = new ArrayList<>();
    String lastId;
    try (SseReader stream = new SseReader(api.http(), api.uri("/v1/events"), null)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.contentType()).startsWith("text/event-stream");
      SseReader.Event ready = stream.next();
      assertThat(ready.event()).isEqualTo("ready");
      assertThat(ready.id()).isNotBlank();

      post(0, 10);
      List<SseReader.Event> first = within(() -> stream.next(10));
      first.forEach(e -> seen.add(parse(e)));
      lastId = first.getLast().id();
    }

    post(10, 20); // produced while no one listens

    try (SseReader resumed = new SseReader(api.http(), api.uri("/v1/events"), lastId)) {
      assertThat(resumed.next().event()).isEqualTo("ready");
      within(() -> resumed.next(10)).forEach(e -> seen.add(parse(e)));
    }

    assertThat(seen).hasSize(20);
    assertThat(new HashSet<>(seen.stream().map(e -> e.get("id").asText()).toList())).hasSize(20);
    // Per entity (one partition each), events come in the order the commands were applied.
    for (String subject : List.of("s-0", "s-1", "s-2", "s-3")) {
      List<Integer> numbers =
          seen.stream()
              .filter(e -> e.get("subject").asText().equals(subject))
              .map(e -> e.get("data").get("n").asInt())
              .toList();
      assertThat(numbers).isSorted().isNotEmpty();
    }
    assertThat(seen.stream().map(e -> e.get("data").get("n").asInt()).sorted().toList())
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20).boxed().toList());
  }

  @Test
  void aStreamCanStartFromTheBeginning() throws Exception {
    post(100, 102);
    try (SseReader stream = new SseReader(api.http(), api.uri("/v1/events?from=earliest"), null)) {
      assertThat(stream.next().event()).isEqualTo("ready");
      assertThat(parse(within(stream::next)).get("type").asText()).isEqualTo("thing.upserted");
    }
  }

  private static void post(int from, int to) throws Exception {
    for (int n = from; n < to; n++) {
      String body =
          "{\"type\": \"thing.upsert\", \"subject\": \"s-"
              + (n % 4)
              + "\", \"data\": {\"n\": "
              + n
              + "}}";
      assertThat(api.post("/v1/commands", body, "Prefer", "wait=10").statusCode()).isEqualTo(200);
    }
  }

  private static JsonNode parse(SseReader.Event e) {
    try {
      return json.readTree(e.data());
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
  }

  private interface Read<T> {
    T read() throws Exception;
  }

  /** Reads with a deadline, so a missing event fails the test instead of hanging it. */
  private static <T> T within(Read<T> read) throws Exception {
    var executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      Future<T> result = executor.submit(read::read);
      return result.get(30, TimeUnit.SECONDS);
    } finally {
      executor.shutdownNow();
    }
  }
}
