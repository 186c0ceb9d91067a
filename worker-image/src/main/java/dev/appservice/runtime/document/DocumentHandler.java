package dev.appservice.runtime.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.spi.EventHandler;
import dev.appservice.runtime.spi.HandlerContext;
import dev.appservice.runtime.spi.OutputEvent;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The default handler: {@code <entity>.upsert|patch|delete} commands keep JSON documents in the
 * {@code documents} table and emit {@code <entity>.upserted|patched|deleted} events. The entity id
 * is the event's subject, or the {@code id} field of its data. A patch is a JSON merge patch (RFC
 * 7386) of an existing document.
 *
 * <p>Per batch it loads the documents that patches touch in one query, applies the commands in
 * memory and writes each document's final state with one statement per kind of write ({@link
 * DocumentBatch}).
 */
public final class DocumentHandler implements EventHandler {
  private final ObjectMapper json = new ObjectMapper();
  private final DocumentBatch documents = new DocumentBatch(json);

  @Override
  public String name() {
    return "document";
  }

  @Override
  public Optional<String> migrations() {
    return Optional.of("db/handler/document");
  }

  /** Decodes and checks the command ahead of its turn (ObjectMapper is thread-safe). */
  @Override
  public Object parse(CloudEvent event) {
    return Command.of(event, json);
  }

  /** Reads only the documents a patch will merge into; the others are written blind. */
  @Override
  public void prepare(List<CloudEvent> events, HandlerContext context) throws SQLException {
    Set<DocumentKey> patched = new LinkedHashSet<>();
    for (CloudEvent event : events) {
      try {
        if (event.getType().endsWith(".patch")) {
          patched.add(Command.keyOf(event, json));
        }
      } catch (IllegalArgumentException invalid) {
        // Reported by handle(), which dead-letters exactly this event.
      }
    }
    documents.load(context.connection(), patched);
  }

  @Override
  public List<OutputEvent> handle(CloudEvent event, HandlerContext context) throws IOException {
    Command command = context.parsed() instanceof Command parsed ? parsed : Command.of(event, json);
    DocumentKey key = command.key();
    DocumentState current = documents.peek(key);
    DocumentState next =
        switch (command.operation()) {
          case "upsert" -> current.replacedBy(command.documentText(), event.getId());
          case "patch" -> current.patchedWith(command.document(), json, key, event.getId());
          case "delete" -> DocumentState.ABSENT;
          default -> throw new IllegalStateException("unreachable: " + command.operation());
        };
    documents.change(key, next);
    byte[] data = next.exists() ? next.text().getBytes(StandardCharsets.UTF_8) : null;
    return List.of(
        OutputEvent.json(key.entity() + "." + pastTense(command.operation()), key.id(), data));
  }

  private static String pastTense(String operation) {
    return switch (operation) {
      case "upsert" -> "upserted";
      case "patch" -> "patched";
      default -> "deleted";
    };
  }

  @Override
  public void flush(HandlerContext context) throws SQLException {
    documents.flush(context.connection());
  }

  @Override
  public void discard() {
    documents.discard();
  }
}
