package dev.appservice.runtime.typed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.support.TestApi;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A handler written against the handler API ({@link ShopHandler}) on the real parts: a real broker,
 * a real database, a real worker per partition and the HTTP API in the loop.
 */
class TypedHandlerIT {
  private static final ObjectMapper json = new ObjectMapper();
  private static TestApi api;

  @BeforeAll
  static void start() throws Exception {
    // One partition: orders of a customer update its count, so they must share its partition
    // (an app keys such commands by customer; see AppHandler).
    api = TestApi.withHandler("typed", 1, "shop");
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void anOrderOfAKnownCustomerIsPlacedCountedAndServed() throws Exception {
    register("c-1", 100);

    HttpResponse<String> placed =
        command("o-1", "order.place", "{\"customerId\": \"c-1\", \"amount\": 40.5}");

    assertThat(placed.statusCode()).as(placed.body()).isEqualTo(200);
    JsonNode outcome = json.readTree(placed.body());
    assertThat(outcome.get("status").asText()).isEqualTo("done");
    assertThat(outcome.get("events").get(0).get("type").asText()).isEqualTo("order.placed");
    assertThat(outcome.get("events").get(0).get("data").get("amount").asDouble()).isEqualTo(40.5);
    JsonNode order = document("order", "o-1");
    assertThat(order.get("customerId").asText()).isEqualTo("c-1");
    // The caller the API authenticated (anonymous here) came with the command.
    assertThat(order.get("placedBy").asText()).isEqualTo("unauthenticated:anonymous");
    assertThat(document("customer", "c-1").get("orders").asInt()).isEqualTo(1);
  }

  @Test
  void anOrderOfAnUnknownCustomerIsRejectedWithItsReasonNotDeadLettered() throws Exception {
    long deadLetters = deadLetters();

    HttpResponse<String> rejected =
        command("o-2", "order.place", "{\"customerId\": \"c-404\", \"amount\": 1}");

    assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(422);
    assertThat(rejected.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = json.readTree(rejected.body());
    assertThat(problem.get("type").asText()).endsWith("/command-rejected");
    assertThat(problem.get("detail").asText()).isEqualTo("customer c-404 does not exist");
    JsonNode outcome = problem.get("outcome");
    assertThat(outcome.get("status").asText()).isEqualTo("rejected");
    assertThat(outcome.get("reason").asText()).isEqualTo("customer c-404 does not exist");
    // The events it emitted are still published: it may announce the rejection.
    assertThat(outcome.get("events").get(0).get("type").asText()).isEqualTo("order.rejected");
    assertThat(api.get("/v1/entities/order/o-2").statusCode()).isEqualTo(404);
    assertThat(deadLetters()).isEqualTo(deadLetters);

    // Asked again, the recorded outcome is the same problem.
    HttpResponse<String> again = api.get("/v1/commands/o-2");
    assertThat(again.statusCode()).isEqualTo(422);
    assertThat(json.readTree(again.body()).get("outcome")).isEqualTo(outcome);
  }

  @Test
  void aRejectedCommandsWritesAreUndoneAndTheCommandsBeforeItKept() throws Exception {
    register("c-2", 10);
    // Posted without waiting, so that the worker takes them in one batch.
    for (int i = 0; i < 5; i++) {
      String amount = i == 3 ? "11" : "2";
      api.post(
          "/v1/commands",
          "{\"id\": \"b-"
              + i
              + "\", \"type\": \"order.place\", \"subject\": \"b-"
              + i
              + "\", \"data\": {\"customerId\": \"c-2\", \"amount\": "
              + amount
              + "}}");
    }
    HttpResponse<String> last = api.get("/v1/commands/b-4", "Prefer", "wait=10");
    assertThat(last.statusCode()).isEqualTo(200);

    HttpResponse<String> overLimit = api.get("/v1/commands/b-3");
    assertThat(overLimit.statusCode()).isEqualTo(422);
    assertThat(json.readTree(overLimit.body()).get("detail").asText())
        .isEqualTo("the amount 11 is over the customer's limit");
    // b-3 wrote its order and counted it before it was rejected: both taken back.
    assertThat(api.get("/v1/entities/order/b-3").statusCode()).isEqualTo(404);
    for (String placed : new String[] {"b-0", "b-1", "b-2", "b-4"}) {
      assertThat(api.get("/v1/entities/order/" + placed).statusCode()).isEqualTo(200);
    }
    assertThat(document("customer", "c-2").get("orders").asInt()).isEqualTo(4);
  }

  @Test
  void dataThatDoesNotBindIsPoisonAndAnUndeclaredTypeToo() throws Exception {
    long deadLetters = deadLetters();

    HttpResponse<String> unbound =
        command("p-1", "order.place", "{\"customerId\": \"c-1\", \"amount\": \"lots\"}");
    HttpResponse<String> undeclared = command("p-2", "order.cancel", "{}");

    JsonNode failed = json.readTree(unbound.body());
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("error").asText())
        .contains("the data of order.place does not bind to PlaceOrder");
    assertThat(json.readTree(undeclared.body()).get("error").asText())
        .contains("takes no command of type 'order.cancel'")
        .contains("order.place");
    await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters() == deadLetters + 2);
  }

  private static void register(String id, int limit) throws Exception {
    HttpResponse<String> registered =
        command(id, "customer.register", "{\"name\": \"Ada\", \"limit\": " + limit + "}");
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(200);
  }

  /** Posts a command about {@code id} with {@code id} as its id, and waits for its outcome. */
  private static HttpResponse<String> command(String id, String type, String data)
      throws Exception {
    return api.post(
        "/v1/commands",
        "{\"id\": \""
            + id
            + "\", \"type\": \""
            + type
            + "\", \"subject\": \""
            + id
            + "\", \"data\": "
            + data
            + "}",
        "Prefer",
        "wait=10");
  }

  private static JsonNode document(String entity, String id) throws Exception {
    HttpResponse<String> got = api.get("/v1/entities/" + entity + "/" + id);
    assertThat(got.statusCode()).as(entity + " " + id).isEqualTo(200);
    return json.readTree(got.body()).get("document");
  }

  private static long deadLetters() {
    long count = 0;
    for (int p = 0; p < 1; p++) {
      count += api.kafka().readAll(api.env().deadLetterTopic(), p).size();
    }
    return count;
  }

  @Test
  void theHandlersQueriesAreServedReadOnlyWithTheirParametersChecked() throws Exception {
    register("q-1", 500);
    register("q-2", 50);
    register("q-3", 900);

    HttpResponse<String> answer = api.get("/v1/queries/customers-with-limit?min=450");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    JsonNode rich = json.readTree(answer.body());
    assertThat(rich.get("items"))
        .extracting(r -> r.get("id").asText())
        .containsExactly("q-1", "q-3");
    JsonNode first = rich.get("items").get(0);
    assertThat(first.get("credit").decimalValue()).isEqualByComparingTo("500");
    assertThat(first.get("document").get("name").asText()).isEqualTo(first.get("name").asText());
    assertThat(first.get("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
    assertThat(rich.get("truncated").asBoolean()).isFalse();

    JsonNode page =
        json.readTree(api.get("/v1/queries/customers-with-limit?min=450&limit=1").body());
    assertThat(page.get("items")).hasSize(1);
    assertThat(page.get("truncated").asBoolean()).isTrue();
    JsonNode next =
        json.readTree(api.get("/v1/queries/customers-with-limit?min=450&after=q-1").body());
    assertThat(next.get("items")).extracting(r -> r.get("id").asText()).containsExactly("q-3");

    JsonNode count = json.readTree(api.get("/v1/queries/order-count?flag=true&k=41").body());
    assertThat(count.at("/items/0/flag").asBoolean()).isTrue();
    assertThat(count.at("/items/0/next").asLong()).isEqualTo(42);
    assertThat(count.at("/items/0/text").asText()).isEqualTo(":not_a_parameter");

    problem("/v1/queries/nope", 404, null);
    problem("/v1/queries/customers-with-limit", 400, "min");
    problem("/v1/queries/customers-with-limit?min=lots", 400, "min");
    problem("/v1/queries/customers-with-limit?min=1&colour=red", 400, "colour");
    problem("/v1/queries/customers-with-limit?min=1&limit=501", 400, "limit");
    problem("/v1/queries/order-count?flag=yes", 400, "flag");
    problem("/v1/queries/order-count?flag=true&k=1.5", 400, "k");
    // Read-only: the database refuses the write, nothing is deleted.
    problem("/v1/queries/write-attempt", 500, null);
    assertThat(api.get("/v1/entities/customer/q-1").statusCode()).isEqualTo(200);
    // A query over the statement timeout is cut off: 503, retry later.
    HttpResponse<String> slow = api.get("/v1/queries/slow?seconds=6");
    assertThat(slow.statusCode()).as(slow.body()).isEqualTo(503);
    assertThat(slow.headers().firstValue("Retry-After")).isPresent();
  }

  private static void problem(String path, int status, String field) throws Exception {
    HttpResponse<String> answer = api.get(path);
    assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(status);
    assertThat(answer.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    if (field != null) {
      assertThat(json.readTree(answer.body()).path("field").asText()).isEqualTo(field);
    }
  }
}
