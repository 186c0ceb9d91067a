package dev.appservice.handler;

import java.util.Objects;

/**
 * A document: its entity type (e.g. {@code customer}) and id. The HTTP API serves it at {@code
 * /v1/entities/<entity>/<id>}.
 */
public record DocumentRef(String entity, String id) {
  public DocumentRef {
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(id, "id");
  }
}
