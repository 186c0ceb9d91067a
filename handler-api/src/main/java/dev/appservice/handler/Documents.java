package dev.appservice.handler;

import java.util.Optional;

/**
 * The app's JSON documents, by entity type and id: what the HTTP API serves under {@code
 * /v1/entities}. Reads see the command's own writes and those of the commands before it. Writes are
 * kept in memory and written when the batch commits; a rejected command's writes are undone.
 */
public interface Documents {

  /** The document bound to {@code type}, or empty if it does not exist. */
  <T> Optional<T> get(String entity, String id, Class<T> type);

  /** Creates or replaces the document with {@code document} serialized as a JSON object. */
  void put(String entity, String id, Object document);

  /**
   * Merges {@code patch} (serialized as a JSON object) into the document, as a JSON merge patch
   * (RFC 7386: members replace, null removes, objects merge).
   *
   * @throws IllegalStateException if the document does not exist (the command is then poison)
   */
  void patch(String entity, String id, Object patch);

  /** Deletes the document; nothing happens if it does not exist. */
  void delete(String entity, String id);
}
