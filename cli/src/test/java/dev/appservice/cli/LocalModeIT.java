package dev.appservice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local mode runs the example app service end to end: command in, entity and event out. */
class LocalModeIT {

  private static LocalMode local;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    // The example every user sees first, on an ephemeral port.
    local = LocalMode.start(LocalSettings.fromManifest(Path.of("../examples/customers.yaml"), 0));
    await().atMost(Duration.ofMinutes(1)).until(local::ready);
  }

  @AfterAll
  static void stop() throws Exception {
    if (local != null) {
      local.close();
    }
  }

  @Test
  void createCustomerIsFulfilledAndReadable() throws Exception {
    var created =
        post(
            """
            {"id":"local-c-42","type":"customer.upsert","subject":"42","data":{"name":"Ada"}}
            """);
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(created.body()).contains("customer.upserted").contains("local-c-42");

    var customer = get("/v1/entities/customer/42");
    assertThat(customer.statusCode()).isEqualTo(200);
    assertThat(customer.body()).contains("\"name\":\"Ada\"");
  }

  @Test
  void authenticationIsOnWithTheDevelopmentKey() throws Exception {
    var anonymous =
        http.send(
            HttpRequest.newBuilder(api("/v1/entities/customer")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(local.apiKey()).startsWith("dev-").hasSizeGreaterThan(60);
    assertThat(get("/v1/entities/customer").statusCode()).isEqualTo(200);
  }

  @Test
  void badInputIsAProblemNotAnError() throws Exception {
    var response = post("{\"type\":\"customer.upsert\"");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  private static HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(api("/v1/commands"))
            .header("Content-Type", "application/json")
            .header("Prefer", "wait=20")
            .header("X-Api-Key", local.apiKey())
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(api(path)).header("X-Api-Key", local.apiKey()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI api(String path) {
    return URI.create("http://localhost:" + local.apiPort() + path);
  }
}
