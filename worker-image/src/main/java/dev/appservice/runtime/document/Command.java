package dev.appservice.runtime.document;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/** A document command decoded from a CloudEvent of type {@code <entity>.<operation>}. */
record Command(DocumentKey key, String operation, JsonNode document, String documentText) {
  private static final Set<String> OPERATIONS = Set.of("upsert", "patch", "delete");

  static Command of(CloudEvent event, ObjectMapper json) {
    String type = event.getType();
    int dot = type.lastIndexOf('.');
    String operation = dot > 0 ? type.substring(dot + 1) : "";
    if (!OPERATIONS.contains(operation)) {
      throw new IllegalArgumentException(
          "unsupported command type '"
              + type
              + "': the document handler understands <entity>.upsert, <entity>.patch and"
              + " <entity>.delete");
    }
    String text = dataText(event);
    if (operation.equals("upsert") && text != null && hasSubject(event)) {
      // The document is stored as sent: check that it is one JSON object without building a tree.
      if (!isObject(text, json)) {
        throw new IllegalArgumentException(type + " needs a JSON object as data");
      }
      return new Command(
          new DocumentKey(type.substring(0, dot), event.getSubject()), operation, null, text);
    }
    JsonNode document = text == null ? null : parse(text, json);
    if (!operation.equals("delete") && (document == null || !document.isObject())) {
      throw new IllegalArgumentException(type + " needs a JSON object as data");
    }
    DocumentKey key = new DocumentKey(type.substring(0, dot), id(event, document));
    return new Command(key, operation, document, text);
  }

  /** The key alone, without parsing the data when the subject names the entity. */
  static DocumentKey keyOf(CloudEvent event, ObjectMapper json) {
    if (event.getSubject() != null && !event.getSubject().isBlank()) {
      String type = event.getType();
      int dot = type.lastIndexOf('.');
      if (dot > 0) {
        return new DocumentKey(type.substring(0, dot), event.getSubject());
      }
    }
    return of(event, json).key();
  }

  private static boolean hasSubject(CloudEvent event) {
    return event.getSubject() != null && !event.getSubject().isBlank();
  }

  /**
   * Whether {@code text} is exactly one JSON object (syntax checked throughout, as readTree would).
   */
  private static boolean isObject(String text, ObjectMapper json) {
    try (JsonParser parser = json.getFactory().createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      throw new IllegalArgumentException("data is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static String id(CloudEvent event, JsonNode document) {
    if (event.getSubject() != null && !event.getSubject().isBlank()) {
      return event.getSubject();
    }
    JsonNode id = document == null ? null : document.get("id");
    if (id == null || !id.isValueNode() || id.asText().isBlank()) {
      throw new IllegalArgumentException(
          event.getType() + " names no entity: set the CloudEvent subject or an 'id' field");
    }
    return id.asText();
  }

  private static String dataText(CloudEvent event) {
    return event.getData() == null
        ? null
        : new String(event.getData().toBytes(), StandardCharsets.UTF_8);
  }

  private static JsonNode parse(String text, ObjectMapper json) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("data is not valid JSON: " + e.getMessage(), e);
    }
  }
}
