package dev.appservice.runtime.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The documents one batch reads and writes, in memory until {@link #flush}: loaded in one query for
 * what the batch names up front, one by one for what it reads without naming, and written with one
 * statement per kind of write (rows as binary array parameters). A document only written (never
 * read) is written blind: its stored version is unknown, so the write adds the batch's count of
 * changes to it ({@link DocumentState}).
 *
 * <p>Changes can be undone per command: {@link #begin} starts a command, {@link #undo} takes back
 * what it changed (a rejected command), leaving what earlier commands of the batch did. Used from
 * the partition's one handling thread only.
 */
public final class DocumentBatch {
  private final ObjectMapper json;
  private final Map<DocumentKey, DocumentState> states = new LinkedHashMap<>();
  private final Set<DocumentKey> dirty = new LinkedHashSet<>();

  /** What the current command changed: each key's state and dirtiness before it. */
  private final Map<DocumentKey, Prior> journal = new HashMap<>();

  private record Prior(DocumentState state, boolean dirty) {}

  public DocumentBatch(ObjectMapper json) {
    this.json = json;
  }

  /** Loads the documents of {@code keys} that the batch does not know yet, in one query. */
  public void load(Connection conn, Collection<DocumentKey> keys) throws SQLException {
    Set<DocumentKey> missing = new LinkedHashSet<>(keys);
    missing.removeAll(states.keySet());
    if (missing.isEmpty()) {
      return;
    }
    missing.forEach(k -> states.put(k, DocumentState.ABSENT));
    try (PreparedStatement st = conn.prepareStatement(DocumentTable.LOAD)) {
      st.setObject(1, missing.stream().map(DocumentKey::entity).toArray(String[]::new));
      st.setObject(2, missing.stream().map(DocumentKey::id).toArray(String[]::new));
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          states.put(
              new DocumentKey(rs.getString(1), rs.getString(2)),
              new DocumentState(true, rs.getString(4), rs.getLong(3), true, null));
        }
      }
    }
  }

  /** The document's JSON text as the batch sees it, loading it first if it is not known. */
  public Optional<String> text(Connection conn, DocumentKey key) throws SQLException {
    DocumentState state = known(conn, key);
    return state.exists() ? Optional.of(state.text()) : Optional.empty();
  }

  /** Creates or replaces the document (blind, if the batch has not read it). */
  public void put(DocumentKey key, String document, String commandId) {
    DocumentState current = states.getOrDefault(key, DocumentState.UNREAD);
    change(key, current.replacedBy(document, commandId));
  }

  /**
   * Merges a JSON merge patch into the document, loading it first if the batch does not know it.
   *
   * @throws IllegalArgumentException if the document does not exist
   */
  public String patch(Connection conn, DocumentKey key, JsonNode patch, String commandId)
      throws SQLException, IOException {
    DocumentState current = known(conn, key);
    DocumentState next =
        current.absoluteVersion()
            ? current.patchedWith(patch, json, key, commandId)
            // Written blind earlier in the batch: its text is known, its stored version is not.
            : current.replacedBy(
                json.writeValueAsString(
                    DocumentState.mergePatch(json.readTree(current.text()), patch)),
                commandId);
    change(key, next);
    return next.text();
  }

  /** Deletes the document, whether it exists or not. */
  public void delete(DocumentKey key) {
    change(key, DocumentState.ABSENT);
  }

  /** The state as stored or as changed by the batch; read from the database if not known. */
  DocumentState known(Connection conn, DocumentKey key) throws SQLException {
    DocumentState state = states.get(key);
    if (state == null || (!state.exists() && !state.absoluteVersion())) {
      load(conn, List.of(key));
      state = states.get(key);
    }
    return state;
  }

  /** The state if the batch knows it, without reading: {@link DocumentState#UNREAD} otherwise. */
  DocumentState peek(DocumentKey key) {
    return states.getOrDefault(key, DocumentState.UNREAD);
  }

  /** Sets a state the caller computed from {@link #peek} (the document handler's fast path). */
  void change(DocumentKey key, DocumentState next) {
    journal.computeIfAbsent(key, k -> new Prior(states.get(k), dirty.contains(k)));
    states.put(key, next);
    dirty.add(key);
  }

  /** Starts a command: what it changes from now on can be undone. */
  public void begin() {
    journal.clear();
  }

  /** Takes back what the current command changed. */
  public void undo() {
    journal.forEach(
        (key, prior) -> {
          if (prior.state() == null) {
            states.remove(key);
          } else {
            states.put(key, prior.state());
          }
          if (!prior.dirty()) {
            dirty.remove(key);
          }
        });
    journal.clear();
  }

  /** Writes every changed document; the batch is then empty again. */
  public void flush(Connection conn) throws SQLException {
    Rows upserts = new Rows();
    Rows blindUpserts = new Rows();
    Rows deletes = new Rows();
    for (DocumentKey key : dirty) {
      DocumentState state = states.get(key);
      (!state.exists() ? deletes : state.absoluteVersion() ? upserts : blindUpserts)
          .add(key, state);
    }
    upserts.upsert(conn, DocumentTable.UPSERT);
    blindUpserts.upsert(conn, DocumentTable.UPSERT_ADDING_VERSIONS);
    deletes.delete(conn);
    discard();
  }

  /** Forgets everything, e.g. after a rollback. */
  public void discard() {
    states.clear();
    dirty.clear();
    journal.clear();
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
}
