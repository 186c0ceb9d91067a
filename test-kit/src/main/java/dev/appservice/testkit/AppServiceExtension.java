package dev.appservice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.appservice.contract.RuntimeEnv;
import dev.appservice.kit.LocalEnv;
import dev.appservice.runtime.api.ApiMain;
import dev.appservice.runtime.config.RuntimeConfig;
import dev.appservice.runtime.worker.WorkerMain;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs one app service with your handler on the real parts for a test class: a real PostgreSQL and
 * a real Kafka (started once per test JVM), a real worker per partition and the real HTTP API,
 * wired through the same environment contract the operator uses in a cluster. Each test class gets
 * its own database and topics.
 *
 * <pre>{@code
 * class OrdersTest {
 *   @RegisterExtension
 *   static final AppServiceExtension app = AppServiceExtension.handler("orders").partitions(2);
 *
 *   @Test
 *   void anUnknownCustomerIsRejected() {
 *     var outcome = app.post("order.place", "c-404", Map.of("orderId", "o-1", "amount", 3));
 *     assertThat(outcome.rejected()).isTrue();
 *     assertThat(outcome.reason()).contains("c-404");
 *     assertThat(app.awaitEvent("order.rejected", "c-404").data().get("orderId").asText())
 *         .isEqualTo("o-1");
 *   }
 * }
 * }</pre>
 *
 * <p>Register it on a static field: the app service starts before the class's first test and stops
 * after its last, so its tests share (and see each other's) data. The API accepts anonymous callers
 * here; authentication is the cluster's concern and has tests of its own.
 */
public final class AppServiceExtension implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(AppServiceExtension.class);
  private static final AtomicInteger APPS = new AtomicInteger();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final String handler;
  private int partitions = 1;
  private Duration timeout = Duration.ofSeconds(30);
  private final Map<String, String> env = new LinkedHashMap<>();

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<AutoCloseable> running = new ArrayList<>();
  private String name;
  private ApiMain api;
  private OutputEvents events;

  private AppServiceExtension(String handler) {
    this.handler = handler;
  }

  /** An app service running the handler named {@code handler} ({@code AppHandler.name()}). */
  public static AppServiceExtension handler(String handler) {
    return new AppServiceExtension(handler);
  }

  /** How many input partitions, and so workers (default 1). */
  public AppServiceExtension partitions(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1");
    }
    this.partitions = partitions;
    return this;
  }

  /** How long a wait for an outcome or an event may take (default 30 s). */
  public AppServiceExtension timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** A variable of the runtime's environment contract, for the workers and the API. */
  public AppServiceExtension env(String name, String value) {
    env.put(name, value);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Engines engines =
        context
            .getRoot()
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(Engines.class, type -> Engines.start(), Engines.class);
    name = handler.replaceAll("[^a-z0-9-]", "-") + "-" + APPS.incrementAndGet();
    String input = name + ".commands";
    String output = name + ".events";
    engines.kafka.createTopics(
        List.of(
            new NewTopic(input, partitions, (short) 1),
            new NewTopic(output, partitions, (short) 1),
            new NewTopic(input + ".dlq", 1, (short) 1)));
    String jdbcUrl = engines.postgres.jdbcUrl(engines.postgres.createDatabase("kit"));
    String bootstrap = engines.kafka.bootstrapServers();
    try {
      for (int partition = 0; partition < partitions; partition++) {
        WorkerMain worker =
            WorkerMain.start(
                config(
                    LocalEnv.worker(name, bootstrap, partitions, partition),
                    input,
                    output,
                    jdbcUrl));
        running.add(worker);
        await("worker " + partition + " to own its partition", worker::ready);
      }
      api =
          ApiMain.start(
              config(
                  LocalEnv.api(name, bootstrap, partitions)
                      .httpPort(0)
                      .with(RuntimeEnv.API_AUTH_ANONYMOUS, "true"),
                  input,
                  output,
                  jdbcUrl));
      running.add(api);
      await("the HTTP API to be ready", api::ready);
      events = new OutputEvents(bootstrap, output, partitions);
      running.add(events);
    } catch (Exception | Error e) {
      afterAll(context);
      throw e;
    }
  }

  private RuntimeConfig config(LocalEnv local, String input, String output, String jdbcUrl) {
    local.topics(input, output).database(jdbcUrl).handler(handler);
    env.forEach(local::with);
    return RuntimeConfig.fromEnv(local.map(), Optional.empty());
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception ignored) {
        // Closing the rest matters more.
      }
    }
    running.clear();
  }

  /**
   * Posts a command with a new id and waits for its outcome (at most the timeout).
   *
   * @param data serialized as the command's JSON data; null for none
   */
  public Outcome post(String type, String subject, Object data) {
    return post(UUID.randomUUID().toString(), type, subject, data);
  }

  /** Posts a command with the given id (posting it again is a retry) and waits for its outcome. */
  public Outcome post(String id, String type, String subject, Object data) {
    ObjectNode body = json.createObjectNode();
    body.put("id", id);
    body.put("type", type);
    if (subject != null) {
      body.put("subject", subject);
    }
    if (data != null) {
      body.set("data", json.valueToTree(data));
    }
    HttpResponse<String> answer =
        send(
            HttpRequest.newBuilder(uri("/v1/commands"))
                .header("Content-Type", "application/json")
                .header("Prefer", "wait=" + Math.min(30, Math.max(1, timeout.toSeconds())))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    return new Outcome(answer.statusCode(), parse(answer.body()));
  }

  /** The document as the HTTP API serves it ({@code /v1/entities/<entity>/<id>}), if it exists. */
  public Optional<JsonNode> document(String entity, String id) {
    HttpResponse<String> answer =
        send(HttpRequest.newBuilder(uri("/v1/entities/" + path(entity) + "/" + path(id))).GET());
    if (answer.statusCode() == 404) {
      return Optional.empty();
    }
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + entity + "/" + id + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return Optional.of(parse(answer.body()).get("document"));
  }

  /** The document bound to {@code type}, if it exists. */
  public <T> Optional<T> document(String entity, String id, Class<T> type) {
    return document(entity, id).map(node -> json.convertValue(node, type));
  }

  /**
   * The rows of a query the handler publishes ({@code /v1/queries/<name>}), with its parameters
   * (and {@code limit}) as the query string.
   *
   * @throws IllegalStateException with the API's problem if it does not answer 200
   */
  public List<JsonNode> query(String name, Map<String, ?> parameters) {
    var query = new StringBuilder();
    parameters.forEach(
        (key, value) ->
            query
                .append(query.isEmpty() ? "?" : "&")
                .append(path(key))
                .append('=')
                .append(path(String.valueOf(value))));
    HttpResponse<String> answer =
        send(HttpRequest.newBuilder(uri("/v1/queries/" + path(name) + query)).GET());
    if (answer.statusCode() != 200) {
      throw new IllegalStateException(
          "query " + name + " answered " + answer.statusCode() + ": " + answer.body());
    }
    var rows = new ArrayList<JsonNode>();
    parse(answer.body()).get("items").forEach(rows::add);
    return rows;
  }

  /** As {@link #query(String, Map)}, each row bound to {@code type} (e.g. a record). */
  public <T> List<T> query(String name, Map<String, ?> parameters, Class<T> type) {
    return query(name, parameters).stream().map(row -> json.convertValue(row, type)).toList();
  }

  /**
   * The first output event of {@code type} about {@code subject} (null for any), waiting for it at
   * most the timeout.
   */
  public Event awaitEvent(String type, String subject) {
    return events.await(type, subject, timeout);
  }

  /** Every output event published so far, in the order they were read. */
  public List<Event> events() {
    return events.all();
  }

  /** A URI of the app's HTTP API, e.g. {@code uri("/v1/entities/order")}. */
  public URI uri(String path) {
    return URI.create("http://localhost:" + api.port() + path);
  }

  /** The app's name; its topics are {@code <name>.commands} and {@code <name>.events}. */
  public String name() {
    return name;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(timeout.plusSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("the HTTP API did not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private JsonNode parse(String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("the HTTP API answered no JSON: " + body, e);
    }
  }

  private static String path(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
