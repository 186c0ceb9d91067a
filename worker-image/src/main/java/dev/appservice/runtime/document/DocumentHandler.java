package dev.appservice.runtime.document;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.spi.EventHandler;
import dev.appservice.runtime.spi.HandlerContext;
import dev.appservice.runtime.spi.OutputEvent;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The default handler: {@code <entity>.upsert|patch|delete} commands keep JSON documents in the
 * {@code documents} table and emit {@code <entity>.upserted|patched|deleted} events. The entity id
 * is the event's subject, or the {@code id} field of its data. A patch is a JSON merge patch (RFC
 * 7386) of an existing document.
 *
 * <p>Per batch it loads the documents that patches touch in one query, applies the commands in
 * memory and writes each document's final state with one statement per kind of write (rows as
 * binary array parameters).
 */
public final class DocumentHandler implements EventHandler {
  private final ObjectMapper json = new ObjectMapper();
  private final Map<DocumentKey, DocumentState> states = new LinkedHashMap<>();
  private final Set<DocumentKey> dirty = new LinkedHashSet<>();

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

  @Override
  public void prepare(List<CloudEvent> events, HandlerContext context) throws SQLException {
    Map<DocumentKey, Boolean> patched = new LinkedHashMap<>();
    for (CloudEvent event : events) {
      try {
        patched.merge(
            Command.keyOf(event, json), event.getType().endsWith(".patch"), Boolean::logicalOr);
      } catch (IllegalArgumentException invalid) {
        // Reported by handle(), which dead-letters exactly this event.
      }
    }
    patched.keySet().removeAll(states.keySet());
    load(context.connection(), patched);
  }

  /** Reads only the documents a patch will merge into; the others are written blind. */
  private void load(Connection conn, Map<DocumentKey, Boolean> keys) throws SQLException {
    keys.values().removeIf(patched -> !patched);
    if (keys.isEmpty()) {
      return;
    }
    keys.keySet().forEach(k -> states.put(k, DocumentState.ABSENT));
    try (PreparedStatement st = conn.prepareStatement(DocumentTable.LOAD)) {
      st.setObject(1, keys.keySet().stream().map(DocumentKey::entity).toArray(String[]::new));
      st.setObject(2, keys.keySet().stream().map(DocumentKey::id).toArray(String[]::new));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          states.put(
              new DocumentKey(rs.getString(1), rs.getString(2)),
              new DocumentState(true, rs.getString(4), rs.getLong(3), true, null));
        }
      }
    }
  }

  @Override
  public List<OutputEvent> handle(CloudEvent event, HandlerContext context) throws IOException {
    Command command = context.parsed() instanceof Command parsed ? parsed : Command.of(event, json);
    DocumentKey key = command.key();
    DocumentState current = states.getOrDefault(key, DocumentState.UNREAD);
    DocumentState next =
        switch (command.operation()) {
          case "upsert" -> current.replacedBy(command.documentText(), event.getId());
          case "patch" -> current.patchedWith(command.document(), json, key, event.getId());
          case "delete" -> DocumentState.ABSENT;
          default -> throw new IllegalStateException("unreachable: " + command.operation());
        };
    states.put(key, next);
    dirty.add(key);
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
    Rows upserts = new Rows();
    Rows blindUpserts = new Rows();
    Rows deletes = new Rows();
    for (DocumentKey key : dirty) {
      DocumentState state = states.get(key);
      (!state.exists() ? deletes : state.absoluteVersion() ? upserts : blindUpserts)
          .add(key, state);
    }
    Connection conn = context.connection();
    upserts.upsert(conn, DocumentTable.UPSERT);
    blindUpserts.upsert(conn, DocumentTable.UPSERT_ADDING_VERSIONS);
    deletes.delete(conn);
    discard();
  }

  /** The documents of one kind of write, column by column. */
  private static final class Rows {
    final List<String> entities = new ArrayList<>();
    final List<String> ids = new ArrayList<>();
    final List<String> docs = new ArrayList<>();
    final List<Long> versions = new ArrayList<>();
    final List<String> commandIds = new ArrayList<>();

    void add(DocumentKey key, DocumentState state) {
      entities.add(key.entity());
      ids.add(key.id());
      docs.add(state.text());
      versions.add(state.version());
      commandIds.add(state.commandId());
    }

    void upsert(Connection conn, String sql) throws SQLException {
      if (ids.isEmpty()) {
        return;
      }
      try (PreparedStatement st = conn.prepareStatement(sql)) {
        st.setObject(1, entities.toArray(String[]::new));
        st.setObject(2, ids.toArray(String[]::new));
        st.setObject(3, docs.toArray(String[]::new));
        st.setObject(4, versions.stream().mapToLong(Long::longValue).toArray());
        st.setObject(5, commandIds.toArray(String[]::new));
        st.executeUpdate();
      }
    }

    void delete(Connection conn) throws SQLException {
      if (ids.isEmpty()) {
        return;
      }
      try (PreparedStatement st = conn.prepareStatement(DocumentTable.DELETE)) {
        st.setObject(1, entities.toArray(String[]::new));
        st.setObject(2, ids.toArray(String[]::new));
        st.executeUpdate();
      }
    }
  }

  @Override
  public void discard() {
    states.clear();
    dirty.clear();
  }
}
