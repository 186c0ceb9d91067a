package dev.appservice.runtime.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenApiTest {

  @Test
  void theDocumentDescribesEveryRoute() throws Exception {
    JsonNode doc;
    try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
      doc = new ObjectMapper().readTree(in);
    }
    List<String> routes = new ArrayList<>();
    doc.get("paths")
        .fields()
        .forEachRemaining(
            p -> p.getValue().fieldNames().forEachRemaining(m -> routes.add(m + " " + p.getKey())));

    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(routes)
        .containsExactlyInAnyOrder(
            "post /v1/commands",
            "get /v1/commands/{id}",
            "get /v1/entities/{entity}",
            "get /v1/entities/{entity}/{id}",
            "get /v1/queries/{name}",
            "get /v1/events",
            "get /openapi.json");
  }
}
