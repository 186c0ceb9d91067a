package dev.appservice.runtime.api.query;

import dev.appservice.handler.Queries;
import dev.appservice.handler.QueryParameter;
import dev.appservice.runtime.spi.EventHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The queries a handler published ({@link EventHandler#queries}), by name. */
public final class PublishedQueries implements Queries {

  private final Map<String, SqlQuery> queries = new LinkedHashMap<>();

  /** What {@code handler} publishes; a mistake in a query fails here, when the API starts. */
  public static PublishedQueries of(EventHandler handler) {
    var published = new PublishedQueries();
    handler.queries(published);
    return published;
  }

  /** No queries, for an API whose image does not hold the handler. */
  public static PublishedQueries none() {
    return new PublishedQueries();
  }

  @Override
  public Queries sql(String name, String select, QueryParameter... parameters) {
    SqlQuery query = SqlQuery.of(name, select, parameters);
    if (queries.putIfAbsent(name, query) != null) {
      throw new IllegalArgumentException("query '" + name + "' is published twice");
    }
    return this;
  }

  Optional<SqlQuery> get(String name) {
    return Optional.ofNullable(queries.get(name));
  }

  public Set<String> names() {
    return queries.keySet();
  }
}
