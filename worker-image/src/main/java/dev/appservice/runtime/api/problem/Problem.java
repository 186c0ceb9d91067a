package dev.appservice.runtime.api.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An RFC 9457 problem: thrown anywhere in a request and rendered as {@code
 * application/problem+json} by the server. {@code field} names the offending input (a JSON pointer
 * into the body, a query parameter or a header) so a client can point at it.
 */
public final class Problem extends RuntimeException {
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://appservice.dev/problems/";

  private final int status;
  private final String slug;
  private final String title;
  private final String field;

  public Problem(int status, String slug, String title, String detail, String field) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.field = field;
  }

  public static Problem badRequest(String field, String detail) {
    return new Problem(400, "invalid-request", "Invalid request", detail, field);
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "not-found", "Not found", detail, null);
  }

  /** A command the handler rejected: {@code reason} is the handler's, for the caller to act on. */
  public static Problem rejected(String reason) {
    return new Problem(422, "command-rejected", "Command rejected", reason, null);
  }

  /** More than the limit of a body or a record: nothing was produced. */
  public static Problem tooLarge(String detail) {
    return new Problem(413, "too-large", "Content too large", detail, null);
  }

  /** Over one of the API's bounds (overload, not bad input): the client may try again later. */
  public static Problem overloaded(String detail) {
    return new Problem(503, "overloaded", "Overloaded", detail, null);
  }

  public static Problem unavailable(String detail) {
    return new Problem(503, "unavailable", "Service unavailable", detail, null);
  }

  public int status() {
    return status;
  }

  public ObjectNode toJson(ObjectMapper json, String instance) {
    ObjectNode node = json.createObjectNode();
    node.put("type", TYPE_BASE + slug);
    node.put("title", title);
    node.put("status", status);
    if (getMessage() != null) {
      node.put("detail", getMessage());
    }
    if (instance != null) {
      node.put("instance", instance);
    }
    if (field != null) {
      node.put("field", field);
    }
    return node;
  }
}
