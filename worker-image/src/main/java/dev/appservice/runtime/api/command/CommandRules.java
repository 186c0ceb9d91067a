package dev.appservice.runtime.api.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.appservice.runtime.api.problem.Identifiers;
import dev.appservice.runtime.api.problem.Problem;
import io.cloudevents.CloudEvent;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the worker's handler accepts, checked before a command is produced. The document handler's
 * rules mirror {@code document.Command}: type {@code <entity>.upsert|patch|delete}, an entity id
 * from the subject or {@code data.id}, a JSON object as data except for delete. Other handlers get
 * the generic rule only: a command needs an entity (the subject) to be routed to its partition.
 */
public interface CommandRules {
  Pattern ENTITY = Pattern.compile("[A-Za-z0-9_-]{1,64}(\\.[A-Za-z0-9_-]{1,64}){0,3}");

  /**
   * @param data the {@code data} member of the posted JSON, or null
   * @return the Kafka key: the entity id
   */
  String keyOf(CloudEvent event, JsonNode data);

  static CommandRules forHandler(String handler) {
    return handler.equals("document") ? new Documents() : new Generic();
  }

  /** Any handler: the subject routes the command. */
  final class Generic implements CommandRules {
    @Override
    public String keyOf(CloudEvent event, JsonNode data) {
      if (event.getSubject() == null) {
        throw Problem.badRequest("/subject", "subject (the entity id) is required");
      }
      return event.getSubject();
    }
  }

  /** The default document handler. */
  final class Documents implements CommandRules {
    private static final Set<String> OPERATIONS = Set.of("upsert", "patch", "delete");

    @Override
    public String keyOf(CloudEvent event, JsonNode data) {
      String type = event.getType();
      int dot = type.lastIndexOf('.');
      String operation = dot > 0 ? type.substring(dot + 1) : "";
      if (!OPERATIONS.contains(operation)) {
        throw Problem.badRequest(
            "/type",
            "unsupported command type '"
                + type
                + "': use <entity>.upsert, <entity>.patch or <entity>.delete");
      }
      if (!ENTITY.matcher(type.substring(0, dot)).matches()) {
        throw Problem.badRequest(
            "/type", "the entity in '" + type + "' must be letters, digits, '_', '-' or '.'");
      }
      boolean jsonData = event.getData() != null && data != null;
      if (event.getData() != null && data == null) {
        throw Problem.badRequest("/data", "the document handler takes JSON data, not data_base64");
      }
      if (!operation.equals("delete") && (!jsonData || !data.isObject())) {
        throw Problem.badRequest("/data", type + " needs a JSON object as data");
      }
      if (jsonData && data.toString().contains("\\u0000")) {
        // PostgreSQL's jsonb cannot store U+0000; the worker would dead-letter the command.
        throw Problem.badRequest("/data", "strings in data must not contain U+0000");
      }
      if (event.getSubject() != null) {
        return event.getSubject();
      }
      JsonNode id = data == null ? null : data.get("id");
      if (id == null || !id.isValueNode() || id.asText().isBlank()) {
        throw Problem.badRequest(
            "/subject", type + " names no entity: set subject or an 'id' field in data");
      }
      return Identifiers.text("/data/id", id.asText());
    }
  }
}
