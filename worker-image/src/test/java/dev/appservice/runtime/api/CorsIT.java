package dev.appservice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.contract.RuntimeEnv;
import dev.appservice.runtime.support.TestApi;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A browser UI on another origin: allowed origins get CORS headers, others get none. */
class CorsIT {
  private static final String UI = "https://ui.example.com";
  private static TestApi api;

  @BeforeAll
  static void start() throws Exception {
    api =
        TestApi.start(
            "cors", 1, Map.of(RuntimeEnv.CORS_ALLOWED_ORIGINS, UI + ",http://localhost:3000"));
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
  }

  @Test
  void anAllowedOriginMayPostCommandsAndReadTheTrackingLocation() throws Exception {
    HttpResponse<String> preflight =
        api.send(
            HttpRequest.newBuilder(api.uri("/v1/commands"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", UI)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type, prefer"));
    assertThat(preflight.statusCode()).isBetween(200, 204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI);

    HttpResponse<String> posted =
        api.send(
            HttpRequest.newBuilder(api.uri("/v1/commands"))
                .header("Origin", UI)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"type\": \"customer.upsert\", \"subject\": \"c-1\", \"data\": {}}")));
    assertThat(posted.statusCode()).isEqualTo(202);
    assertThat(posted.headers().firstValue("Access-Control-Allow-Origin")).hasValue(UI);
    assertThat(posted.headers().firstValue("Access-Control-Expose-Headers"))
        .hasValueSatisfying(h -> assertThat(h).contains("Location"));
  }

  @Test
  void anotherOriginGetsNoCorsHeaders() throws Exception {
    HttpResponse<String> read =
        api.send(
            HttpRequest.newBuilder(api.uri("/v1/entities/customer"))
                .header("Origin", "https://evil.example.com"));
    assertThat(read.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }
}
