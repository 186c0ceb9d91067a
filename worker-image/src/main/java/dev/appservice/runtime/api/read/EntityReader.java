package dev.appservice.runtime.api.read;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.appservice.runtime.api.problem.Identifiers;
import dev.appservice.runtime.api.problem.Problem;
import dev.appservice.runtime.document.DocumentTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads the document handler's materialized view. Lists use keyset pagination on the entity id (the
 * primary key's second column), so page N costs the same as page 1 and concurrent writes never
 * shift a page; the cursor is the last id, base64url-encoded so it is opaque and URL-safe.
 */
public final class EntityReader {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  private final DataSource dataSource;
  private final ObjectMapper json;

  public EntityReader(DataSource dataSource, ObjectMapper json) {
    this.dataSource = dataSource;
    this.json = json;
  }

  public record Page(List<ObjectNode> items, Optional<String> nextCursor) {}

  public Optional<ObjectNode> find(String entity, String id) throws SQLException {
    try (Connection conn = dataSource.getConnection();
        PreparedStatement st = conn.prepareStatement(DocumentTable.ONE)) {
      st.setString(1, entity);
      st.setString(2, id);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(item(entity, rs)) : Optional.empty();
      }
    }
  }

  public Page list(String entity, Optional<String> cursor, int limit) throws SQLException {
    String after = cursor.map(EntityReader::decodeCursor).orElse("");
    List<ObjectNode> items = new ArrayList<>();
    String last = null;
    boolean more = false;
    try (Connection conn = dataSource.getConnection();
        PreparedStatement st = conn.prepareStatement(DocumentTable.PAGE)) {
      st.setString(1, entity);
      st.setString(2, after);
      st.setInt(3, limit + 1);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          if (items.size() == limit) {
            more = true;
            break;
          }
          last = rs.getString(1);
          items.add(item(entity, rs));
        }
      }
    }
    return new Page(items, more ? Optional.of(encodeCursor(last)) : Optional.empty());
  }

  private ObjectNode item(String entity, ResultSet rs) throws SQLException {
    ObjectNode node = json.createObjectNode();
    node.put("entity", entity);
    node.put("id", rs.getString(1));
    node.put("version", rs.getLong(3));
    node.put("commandId", rs.getString(4));
    node.put("updatedAt", rs.getObject(5, java.time.OffsetDateTime.class).toString());
    try {
      node.set("document", json.readTree(rs.getString(2)));
    } catch (IOException e) {
      throw new SQLException("stored document is not JSON", e);
    }
    return node;
  }

  static String encodeCursor(String id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(id.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeCursor(String cursor) {
    try {
      String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      return Identifiers.text("after", id);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("after", "not a cursor returned by this API");
    }
  }
}
