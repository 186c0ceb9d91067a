package dev.appservice.runtime.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * A document as the batch sees it: whether it exists, its JSON text (loaded only when a patch needs
 * it), a version counting its changes since creation, and the command that last changed it.
 *
 * <p>Documents that only get upserts or deletes in a batch are not read at all: their stored
 * version is unknown, so {@code version} then counts the batch's changes and the write adds it to
 * the stored one ({@code absoluteVersion} false). A delete makes the version known again.
 */
record DocumentState(
    boolean exists, String text, long version, boolean absoluteVersion, String commandId) {
  static final DocumentState ABSENT = new DocumentState(false, null, 0, true, null);

  /** Not read from the database: existence and version are as stored. */
  static final DocumentState UNREAD = new DocumentState(false, null, 0, false, null);

  DocumentState replacedBy(String document, String command) {
    return new DocumentState(true, document, version + 1, absoluteVersion, command);
  }

  DocumentState patchedWith(JsonNode patch, ObjectMapper json, DocumentKey key, String command)
      throws IOException {
    if (!absoluteVersion) {
      throw new IllegalStateException("a document to patch must be loaded in prepare()");
    }
    if (!exists()) {
      throw new IllegalArgumentException(
          "cannot patch " + key.entity() + " '" + key.id() + "': it does not exist");
    }
    JsonNode merged = mergePatch(json.readTree(text), patch);
    return new DocumentState(
        true, json.writeValueAsString(merged), version + 1, absoluteVersion, command);
  }

  /** RFC 7386: objects merge recursively, null removes a member, anything else replaces. */
  static JsonNode mergePatch(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch;
    }
    ObjectNode result =
        target != null && target.isObject()
            ? ((ObjectNode) target).deepCopy()
            : ((ObjectNode) patch).objectNode();
    Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getValue().isNull()) {
        result.remove(field.getKey());
      } else {
        result.set(field.getKey(), mergePatch(result.get(field.getKey()), field.getValue()));
      }
    }
    return result;
  }
}
