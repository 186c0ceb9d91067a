package dev.appservice.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the HTTP API answered to a command posted with a wait: the outcome ({@code 200}), a
 * rejection ({@code 422} problem, its outcome inside), or still pending ({@code 202}).
 *
 * @param httpStatus the HTTP status
 * @param body the answer as JSON
 */
public record Outcome(int httpStatus, JsonNode body) {

  /** {@code done}, {@code failed}, {@code rejected} or {@code pending}. */
  public String status() {
    return outcome().path("status").asText();
  }

  public boolean done() {
    return "done".equals(status());
  }

  public boolean rejected() {
    return "rejected".equals(status());
  }

  public boolean failed() {
    return "failed".equals(status());
  }

  /** The handler's reason for a rejection; null otherwise. */
  public String reason() {
    return outcome().path("reason").textValue();
  }

  /** Why the command failed (it was dead-lettered); null otherwise. */
  public String error() {
    return outcome().path("error").textValue();
  }

  /** The output events of the command, as structured CloudEvents JSON, in order. */
  public List<JsonNode> events() {
    List<JsonNode> events = new ArrayList<>();
    outcome().path("events").forEach(events::add);
    return events;
  }

  /** The types of {@link #events()}, in order. */
  public List<String> eventTypes() {
    return events().stream().map(e -> e.path("type").asText()).toList();
  }

  private JsonNode outcome() {
    return httpStatus == 422 ? body.path("outcome") : body;
  }
}
