package dev.appservice.runtime.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.appservice.runtime.api.auth.Scopes;
import dev.appservice.runtime.api.command.CommandRules;
import dev.appservice.runtime.api.problem.Identifiers;
import dev.appservice.runtime.api.problem.Problem;
import dev.appservice.runtime.api.read.EntityReader;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code GET /v1/entities/{entity}} (keyset pages) and {@code GET /v1/entities/{entity}/{id}}. */
public final class EntityRoutes {
  private static final Set<String> LIST_PARAMETERS = Set.of("limit", "after");

  private final EntityReader reader;
  private final ObjectMapper json;

  public EntityRoutes(EntityReader reader, ObjectMapper json) {
    this.reader = reader;
    this.json = json;
  }

  void get(Context ctx) throws SQLException {
    String entity = entity(ctx);
    String id = Identifiers.text("id", ctx.pathParam("id"));
    ObjectNode item =
        reader
            .find(entity, id)
            .orElseThrow(() -> Problem.notFound("no " + entity + " '" + id + "'"));
    String etag = "\"" + item.get("version").asLong() + "\"";
    ctx.header("ETag", etag);
    if (etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.contentType("application/json").result(item.toString());
  }

  void list(Context ctx) throws SQLException {
    String entity = entity(ctx);
    for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
      if (!LIST_PARAMETERS.contains(p.getKey())) {
        throw Problem.badRequest(p.getKey(), "unknown query parameter; use limit and after");
      }
      if (p.getValue().size() > 1) {
        throw Problem.badRequest(p.getKey(), "give " + p.getKey() + " at most once");
      }
    }
    int limit = limit(ctx.queryParam("limit"));
    Optional<String> after = Optional.ofNullable(ctx.queryParam("after"));
    EntityReader.Page page = reader.list(entity, after, limit);
    ObjectNode body = json.createObjectNode();
    ArrayNode items = body.putArray("items");
    page.items().forEach(items::add);
    if (page.nextCursor().isPresent()) {
      String next =
          "/v1/entities/"
              + URLEncoder.encode(entity, StandardCharsets.UTF_8)
              + "?limit="
              + limit
              + "&after="
              + page.nextCursor().get();
      body.put("next", next);
      ctx.header("Link", "<" + next + ">; rel=\"next\"");
    } else {
      body.putNull("next");
    }
    ctx.contentType("application/json").result(body.toString());
  }

  /** The entity named in the path, which the caller must be allowed to read. */
  private static String entity(Context ctx) {
    String entity = ctx.pathParam("entity");
    if (!CommandRules.ENTITY.matcher(entity).matches()) {
      throw Problem.badRequest("entity", "an entity name is letters, digits, '_', '-' or '.'");
    }
    Authentication.caller(ctx).require(Scopes.entitiesRead(entity));
    return entity;
  }

  private static int limit(String raw) {
    if (raw == null) {
      return EntityReader.DEFAULT_LIMIT;
    }
    if (!raw.matches("\\d{1,4}")) {
      throw Problem.badRequest(
          "limit", "limit must be a number from 1 to " + EntityReader.MAX_LIMIT);
    }
    int limit = Integer.parseInt(raw);
    if (limit < 1 || limit > EntityReader.MAX_LIMIT) {
      throw Problem.badRequest(
          "limit", "limit must be a number from 1 to " + EntityReader.MAX_LIMIT);
    }
    return limit;
  }
}
