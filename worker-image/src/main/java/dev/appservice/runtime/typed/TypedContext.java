package dev.appservice.runtime.typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.handler.CommandContext;
import dev.appservice.handler.Documents;
import dev.appservice.runtime.document.DocumentBatch;
import dev.appservice.runtime.document.DocumentKey;
import dev.appservice.runtime.spi.HandlerContext;
import dev.appservice.runtime.spi.OutputEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One command's view of the batch: its documents, the events it emits, its rejection. */
final class TypedContext implements CommandContext, Documents {
  private final HandlerContext runtime;
  private final DocumentBatch documents;
  private final ObjectMapper json;
  private final String commandId;
  private final List<OutputEvent> outputs = new ArrayList<>();
  private boolean rejected;

  TypedContext(
      HandlerContext runtime, DocumentBatch documents, ObjectMapper json, String commandId) {
    this.runtime = runtime;
    this.documents = documents;
    this.json = json;
    this.commandId = commandId;
  }

  @Override
  public Documents documents() {
    return this;
  }

  @Override
  public void emit(String type, String subject, Object data) {
    try {
      byte[] bytes = data == null ? null : json.writeValueAsBytes(data);
      outputs.add(OutputEvent.json(type, subject, bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException("the data of " + type + " is not JSON: " + e, e);
    }
  }

  @Override
  public void reject(String reason) {
    runtime.reject(reason);
    rejected = true;
  }

  @Override
  public Connection connection() {
    return runtime.connection();
  }

  boolean rejected() {
    return rejected;
  }

  List<OutputEvent> outputs() {
    return outputs;
  }

  @Override
  public <T> Optional<T> get(String entity, String id, Class<T> type) {
    try {
      Optional<String> text = documents.text(runtime.connection(), key(entity, id));
      return text.isEmpty() ? Optional.empty() : Optional.of(json.readValue(text.get(), type));
    } catch (SQLException e) {
      throw new DatabaseTrouble(e);
    } catch (IOException e) {
      throw new IllegalStateException(
          entity + " '" + id + "' does not bind to " + type.getSimpleName() + ": " + e, e);
    }
  }

  @Override
  public void put(String entity, String id, Object document) {
    try {
      // Serialized once, straight to text: Jackson writes an object as '{' ... '}'.
      String text = json.writeValueAsString(document);
      if (!text.startsWith("{")) {
        throw new IllegalArgumentException(
            "a document must serialize to a JSON object, not " + abbreviate(text));
      }
      documents.put(key(entity, id), text, commandId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void patch(String entity, String id, Object patch) {
    try {
      documents.patch(runtime.connection(), key(entity, id), object(patch), commandId);
    } catch (SQLException e) {
      throw new DatabaseTrouble(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void delete(String entity, String id) {
    documents.delete(key(entity, id));
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 39) + "…";
  }

  private static DocumentKey key(String entity, String id) {
    if (entity == null || entity.isBlank() || id == null || id.isBlank()) {
      throw new IllegalArgumentException("a document needs an entity type and an id");
    }
    return new DocumentKey(entity, id);
  }

  /** The value as a JSON object; documents and patches are objects. */
  private JsonNode object(Object value) {
    JsonNode node = json.valueToTree(value);
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "a document or patch must serialize to a JSON object, not "
              + (node == null ? "null" : node.getNodeType()));
    }
    return node;
  }

  /**
   * A database failure while the handler reads: unchecked so it passes through the handler's code,
   * with the SQLException as its cause so the runtime tells transient trouble from poison.
   */
  static final class DatabaseTrouble extends RuntimeException {
    DatabaseTrouble(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
