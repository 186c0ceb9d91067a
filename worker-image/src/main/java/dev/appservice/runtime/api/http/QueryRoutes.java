package dev.appservice.runtime.api.http;

import dev.appservice.runtime.api.auth.Scopes;
import dev.appservice.runtime.api.query.QueryRunner;
import io.javalin.http.Context;
import java.sql.SQLException;

/** {@code GET /v1/queries/{name}}: a read-only query the handler publishes. */
public final class QueryRoutes {
  private final QueryRunner runner;

  public QueryRoutes(QueryRunner runner) {
    this.runner = runner;
  }

  void get(Context ctx) throws SQLException {
    String name = ctx.pathParam("name");
    Authentication.caller(ctx).require(Scopes.queryRead(name));
    ctx.contentType("application/json").result(runner.run(name, ctx.queryParamMap()).toString());
  }
}
