package dev.appservice.runtime.api.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.appservice.handler.QueryParameter;
import dev.appservice.runtime.api.problem.Problem;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.util.PGobject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a published query for a request: its parameters from the query string, bound as their types,
 * in a read-only transaction with a statement timeout, at most {@code limit} rows.
 */
public final class QueryRunner {
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 500;
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(QueryRunner.class);

  private final PublishedQueries queries;
  private final DataSource dataSource;
  private final ObjectMapper json;

  public QueryRunner(PublishedQueries queries, DataSource dataSource, ObjectMapper json) {
    this.queries = queries;
    this.dataSource = dataSource;
    this.json = json;
  }

  /** The query's rows as {@code {"items": [...], "truncated": bool}}. */
  public ObjectNode run(String name, Map<String, List<String>> parameters) throws SQLException {
    SqlQuery query =
        queries
            .get(name)
            .orElseThrow(
                () ->
                    Problem.notFound(
                        "no query '" + name + "'; the handler publishes " + queries.names()));
    int limit = limit(parameters.get(SqlQuery.LIMIT));
    for (var given : parameters.entrySet()) {
      if (!given.getKey().equals(SqlQuery.LIMIT) && !query.declared().containsKey(given.getKey())) {
        throw Problem.badRequest(
            given.getKey(),
            "unknown parameter; query '"
                + name
                + "' takes "
                + query.declared().keySet()
                + " and limit");
      }
      if (given.getValue().size() > 1) {
        throw Problem.badRequest(given.getKey(), "give " + given.getKey() + " at most once");
      }
    }
    try (Connection conn = dataSource.getConnection()) {
      conn.setAutoCommit(false);
      try {
        try (var st = conn.createStatement()) {
          st.execute("SET TRANSACTION READ ONLY");
          st.execute("SET LOCAL statement_timeout = " + TIMEOUT.toMillis());
        }
        try (PreparedStatement st = conn.prepareStatement(query.jdbcSql())) {
          for (int i = 0; i < query.bindings().size(); i++) {
            bind(st, i + 1, query.bindings().get(i), parameters);
          }
          st.setMaxRows(limit + 1);
          try (ResultSet rs = st.executeQuery()) {
            return rows(rs, limit);
          }
        }
      } catch (SQLException e) {
        throw failure(name, e);
      } finally {
        conn.rollback();
        conn.setAutoCommit(true);
      }
    }
  }

  private static void bind(
      PreparedStatement st, int index, QueryParameter parameter, Map<String, List<String>> given)
      throws SQLException {
    Optional<String> raw =
        Optional.ofNullable(given.get(parameter.name()))
            .map(List::getFirst)
            .or(parameter::defaultValue);
    if (raw.isEmpty()) {
      throw Problem.badRequest(parameter.name(), parameter.name() + " is required");
    }
    String text = raw.get();
    try {
      switch (parameter.type()) {
        case TEXT -> {
          if (text.indexOf('\0') >= 0) {
            throw Problem.badRequest(parameter.name(), "must not contain U+0000");
          }
          st.setString(index, text);
        }
        case INTEGER -> st.setLong(index, Long.parseLong(text));
        case NUMBER -> st.setBigDecimal(index, new BigDecimal(text));
        case BOOLEAN -> {
          if (!text.equals("true") && !text.equals("false")) {
            throw Problem.badRequest(parameter.name(), parameter.name() + " is true or false");
          }
          st.setBoolean(index, Boolean.parseBoolean(text));
        }
      }
    } catch (NumberFormatException e) {
      throw Problem.badRequest(
          parameter.name(),
          parameter.name()
              + " must be "
              + (parameter.type() == QueryParameter.Type.INTEGER ? "an integer" : "a number"));
    }
  }

  private ObjectNode rows(ResultSet rs, int limit) throws SQLException {
    ObjectNode body = json.createObjectNode();
    ArrayNode items = body.putArray("items");
    ResultSetMetaData meta = rs.getMetaData();
    boolean truncated = false;
    while (rs.next()) {
      if (items.size() == limit) {
        truncated = true;
        break;
      }
      ObjectNode row = items.addObject();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        row.set(
            meta.getColumnLabel(c), value(rs, c, meta.getColumnType(c), meta.getColumnTypeName(c)));
      }
    }
    body.put("truncated", truncated);
    return body;
  }

  /** A column's value as JSON: numbers, booleans, text, json(b) as JSON, times in ISO 8601. */
  private JsonNode value(ResultSet rs, int column, int type, String typeName) throws SQLException {
    Object value = rs.getObject(column);
    if (value == null) {
      return json.nullNode();
    }
    return switch (type) {
      case Types.TIMESTAMP_WITH_TIMEZONE, Types.TIMESTAMP ->
          // PostgreSQL's driver reports timestamptz as TIMESTAMP too: its type name tells them
          // apart.
          json.getNodeFactory()
              .textNode(
                  "timestamptz".equals(typeName) || type == Types.TIMESTAMP_WITH_TIMEZONE
                      ? rs.getObject(column, java.time.OffsetDateTime.class).toString()
                      : rs.getObject(column, java.time.LocalDateTime.class).toString());
      case Types.DATE ->
          json.getNodeFactory()
              .textNode(rs.getObject(column, java.time.LocalDate.class).toString());
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY ->
          json.getNodeFactory().textNode(Base64.getEncoder().encodeToString(rs.getBytes(column)));
      case Types.ARRAY -> {
        Array array = rs.getArray(column);
        yield json.valueToTree(array.getArray());
      }
      default -> {
        if (value instanceof PGobject object
            && ("json".equals(object.getType()) || "jsonb".equals(object.getType()))) {
          try {
            yield json.readTree(object.getValue());
          } catch (IOException e) {
            yield json.getNodeFactory().textNode(object.getValue());
          }
        }
        if (value instanceof Number || value instanceof Boolean) {
          yield json.valueToTree(value);
        }
        yield json.getNodeFactory().textNode(value.toString());
      }
    };
  }

  private static int limit(List<String> given) {
    if (given == null) {
      return DEFAULT_LIMIT;
    }
    String raw = given.getFirst();
    if (given.size() > 1 || !raw.matches("\\d{1,4}")) {
      throw Problem.badRequest("limit", "limit must be a number from 1 to " + MAX_LIMIT);
    }
    int limit = Integer.parseInt(raw);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw Problem.badRequest("limit", "limit must be a number from 1 to " + MAX_LIMIT);
    }
    return limit;
  }

  /** What the caller hears of a query that failed in the database. */
  private static RuntimeException failure(String name, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("57014")) {
      return Problem.unavailable(
          "query '" + name + "' ran longer than " + TIMEOUT.toSeconds() + " s; retry later");
    }
    if (state.equals("42P01")) {
      // The worker creates the handler's tables: not yet, on a new app.
      return Problem.unavailable("query '" + name + "': its tables do not exist yet; retry later");
    }
    if (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")) {
      return new IllegalStateException(e); // the database is away: the server's 503
    }
    log.warn("query '{}' failed: {} (SQLState {})", name, e.getMessage(), state);
    return new Problem(
        500,
        "query-failed",
        "Query failed",
        "query '" + name + "' failed in the database (SQLState " + state + "); see the API's log",
        null);
  }
}
