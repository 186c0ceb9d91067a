package dev.appservice.runtime.api.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.appservice.runtime.store.CommandKey;
import java.util.List;

/**
 * What became of a command, as recorded by the worker in {@code command_fulfilment}.
 *
 * @param commandId the command's key: its source and id ({@link CommandKey})
 * @param status {@code done}, {@code failed} or {@code rejected}
 * @param error why it failed (the handler's exception), or the handler's reason for rejecting it
 * @param events the output events as structured CloudEvents JSON, in order; may hold fewer than
 *     {@code eventIds} when the payloads are no longer available (see the README)
 */
public record Outcome(
    String commandId,
    String status,
    String inputTopic,
    int partition,
    long offset,
    List<String> eventIds,
    List<JsonNode> events,
    String error) {

  public ObjectNode toJson(ObjectMapper json) {
    ObjectNode node = identified(json, commandId);
    node.put("status", status);
    ObjectNode position = node.putObject("position");
    position.put("topic", inputTopic);
    position.put("partition", partition);
    position.put("offset", offset);
    ArrayNode ids = node.putArray("eventIds");
    eventIds.forEach(ids::add);
    ArrayNode array = node.putArray("events");
    events.forEach(array::add);
    if (error != null) {
      node.put(rejected() ? "reason" : "error", error);
    }
    return node;
  }

  /** Whether the handler rejected the command: an outcome its caller gets as a 422 problem. */
  public boolean rejected() {
    return "rejected".equals(status);
  }

  public static ObjectNode pending(ObjectMapper json, String commandId) {
    ObjectNode node = identified(json, commandId);
    node.put("status", "pending");
    return node;
  }

  /** The command's id and source, from its key. */
  private static ObjectNode identified(ObjectMapper json, String commandKey) {
    ObjectNode node = json.createObjectNode();
    node.put("id", CommandKey.id(commandKey));
    String source = CommandKey.source(commandKey);
    if (source != null) {
      node.put("source", source);
    }
    return node;
  }
}
