package dev.appservice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.support.Events;
import dev.appservice.runtime.support.SseReader;
import dev.appservice.runtime.support.TestApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.sse.EventSource;
import okhttp3.sse.EventSourceListener;
import okhttp3.sse.EventSources;
import org.apache.kafka.clients.producer.ProducerRecord;
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

  /**
   * Events produced straight to the output topic, with raw line breaks of every kind in their JSON
   * data and a very long line, arrive whole at an independent SSE client (OkHttp's EventSource),
   * each with the data it was produced with and a compact id.
   */
  @Test
  void eventsWhoseDataHoldLineBreaksArriveWholeAtAStandardClient() throws Exception {
    String output = api.env().outputTopic();
    String longLine = "y".repeat(300_000);
    List<String> payloads =
        List.of(
            "{\n  \"kind\": \"lf\",\n  \"n\": 1\n}",
            "{\r  \"kind\": \"cr\",\r  \"n\": 2\r}",
            "{\r\n  \"kind\": \"crlf\",\r\n\r\n  \"n\": 3\r\n}\r\n",
            "{\"kind\": \"long\", \"n\": 4, \"s\": \"" + longLine + "\"}");
    BlockingQueue<String[]> received = new LinkedBlockingQueue<>();
    OkHttpClient client = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();
    EventSource source =
        EventSources.createFactory(client)
            .newEventSource(
                new Request.Builder().url(api.uri("/v1/events").toString()).build(),
                new EventSourceListener() {
                  @Override
                  public void onEvent(EventSource s, String id, String type, String data) {
                    received.add(new String[] {id, type, data});
                  }
                });
    try {
      String[] ready = received.poll(30, TimeUnit.SECONDS);
      assertThat(ready).isNotNull();
      assertThat(ready[1]).isEqualTo("ready");
      List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
      for (int i = 0; i < payloads.size(); i++) {
        records.add(
            Events.record(
                output,
                "raw-" + i,
                Events.command("raw-" + i, "raw.event", "raw", payloads.get(i))));
      }
      api.kafka().send(records);

      for (int i = 0; i < payloads.size(); i++) {
        String[] event = received.poll(30, TimeUnit.SECONDS);
        assertThat(event).as("event %d", i).isNotNull();
        assertThat(event[1]).as("no event field: a message").isNull();
        assertThat(event[0]).startsWith("1.").hasSizeLessThan(40);
        JsonNode parsed = json.readTree(event[2]);
        assertThat(parsed.get("id").asText()).isEqualTo("raw-" + i);
        assertThat(parsed.get("data")).isEqualTo(json.readTree(payloads.get(i)));
      }
      // The line breaks really travel: as several data fields of one event.
      try (SseReader raw = new SseReader(api.http(), api.uri("/v1/events"), ready[0])) {
        assertThat(within(raw::next).event()).isEqualTo("ready");
        assertThat(within(raw::next).data()).contains("\"kind\": \"lf\"").contains("\n");
      }
    } finally {
      source.cancel();
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
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
