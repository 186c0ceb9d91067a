package dev.appservice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.contract.RuntimeValues;
import dev.appservice.runtime.support.Events;
import dev.appservice.runtime.support.SseReader;
import dev.appservice.runtime.support.TestApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The short soak: concurrent clients posting commands with waits, bodies near and over the record
 * limit, malformed requests, and SSE readers (one of them slow), for {@code soak.seconds} (15 by
 * default). It asserts the audit, not timings: only the documented statuses (503 only with
 * Retry-After), every accepted command fulfilled exactly once with exactly one output event, every
 * partition drained to the end of the input topic, and the fast readers saw every event.
 */
class SoakIT {
  private static final int SECONDS = Integer.getInteger("soak.seconds", 15);
  private static final int CLIENTS = 8;
  private static final ObjectMapper json = new ObjectMapper();
  private static TestApi api;

  @BeforeAll
  static void start() throws Exception {
    api = TestApi.start("soak", 2);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void underMixedLoadEveryAcceptedCommandIsFulfilledOnceAndNothingStalls() throws Exception {
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<String> wrong = new ArrayList<>();
    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicBoolean reading = new AtomicBoolean(true);
    List<Set<String>> seenByReaders =
        List.of(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
    AtomicInteger slowSeen = new AtomicInteger();
    String nearLimit = "x".repeat(RuntimeValues.DEFAULT_MAX_RECORD_BYTES - 16 * 1024);
    String overLimit = "x".repeat(RuntimeValues.DEFAULT_MAX_RECORD_BYTES);

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<SseReader> readers = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        SseReader reader = new SseReader(api.http(), api.uri("/v1/events"), null);
        assertThat(reader.next().event()).isEqualTo("ready");
        readers.add(reader);
      }
      for (int r = 0; r < 2; r++) {
        Set<String> seen = seenByReaders.get(r);
        SseReader reader = readers.get(r);
        threads.submit(
            () -> {
              while (reading.get()) {
                seen.add(json.readTree(reader.next().data()).path("commandid").asText());
              }
              return null;
            });
      }
      threads.submit(
          () -> {
            while (reading.get()) {
              readers.get(2).next();
              slowSeen.incrementAndGet();
              Thread.sleep(200); // a slow browser: it only slows itself
            }
            return null;
          });

      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        threads.submit(
            () -> {
              for (int i = 0; loading.get(); i++) {
                String id = "soak-" + client + "-" + i;
                String entity = "e-" + (i % 50);
                HttpResponse<String> response;
                String body =
                    switch (i % 50) {
                      case 7 -> command(id, entity, "{\"s\": \"" + nearLimit + "\"}");
                      case 13 -> command(id, entity, "{\"s\": \"" + overLimit + "\"}");
                      case 21 -> "{\"type\": \"thing.upsert\", \"subject\": ";
                      case 33 -> command(id, entity, "[1, 2]");
                      default -> command(id, entity, "{\"n\": " + i + "}");
                    };
                response = api.post("/v1/commands", body, "Prefer", "wait=10");
                int status = response.statusCode();
                statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                if (status == 200 || status == 202) {
                  accepted.add(id);
                } else if (status == 503) {
                  if (response.headers().firstValue("Retry-After").isEmpty()) {
                    wrong.add("503 without Retry-After: " + response.body());
                  }
                } else if (status != 400 && status != 413) {
                  wrong.add(status + " for " + id + ": " + response.body());
                }
              }
              return null;
            });
      }
      Thread.sleep(SECONDS * 1000L);
      loading.set(false);
      await().atMost(Duration.ofSeconds(60)).until(() -> stored() == inputEnd());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> seenByReaders.stream().allMatch(s -> s.containsAll(accepted)));
      reading.set(false);
      for (SseReader reader : readers) {
        reader.close();
      }
      threads.shutdownNow();
    }

    System.out.println(
        "soak: " + accepted.size() + " accepted, statuses " + new TreeMap<>(statuses));
    assertThat(wrong).isEmpty();
    assertThat(accepted).hasSizeGreaterThan(100);
    assertThat(statuses).containsKeys(200, 400, 413);

    Map<String, String> fulfilled = new HashMap<>();
    for (var row :
        api.db()
            .rows(
                "SELECT split_part(command_id, ' ', 2) AS id, status FROM command_fulfilment"
                    + " WHERE split_part(command_id, ' ', 2) LIKE 'soak-%'")) {
      assertThat(fulfilled.put((String) row.get("id"), (String) row.get("status")))
          .as("one record per command")
          .isNull();
    }
    assertThat(fulfilled.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
    assertThat(new HashSet<>(fulfilled.values())).containsOnly("done");

    Map<String, Integer> events = new HashMap<>();
    for (int p = 0; p < 2; p++) {
      for (ConsumerRecord<byte[], byte[]> r : api.kafka().readAll(api.env().outputTopic(), p)) {
        String commandId = Events.header(r, "ce_commandid");
        if (commandId != null && commandId.startsWith("soak-")) {
          events.merge(commandId, 1, Integer::sum);
        }
      }
    }
    assertThat(events.keySet()).containsExactlyInAnyOrderElementsOf(accepted);
    assertThat(new HashSet<>(events.values())).as("one output event per command").containsOnly(1);
    assertThat(slowSeen.get()).isPositive();
  }

  private static long stored() {
    return api.db().nextOffset(api.env().inputTopic(), 0)
        + api.db().nextOffset(api.env().inputTopic(), 1);
  }

  private static long inputEnd() {
    return api.inputRecords();
  }

  private static String command(String id, String entity, String data) {
    return "{\"id\": \""
        + id
        + "\", \"type\": \"thing.upsert\", \"subject\": \""
        + entity
        + "\", \"data\": "
        + data
        + "}";
  }
}
