package dev.appservice.runtime.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.appservice.runtime.api.auth.AuthProblems;
import dev.appservice.runtime.api.auth.Authenticator;
import dev.appservice.runtime.api.problem.Problem;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on Javalin (Jetty 12). Handlers run on virtual threads; a request that waits for
 * fulfilment holds only a future ({@code ctx.future}), so thousands of waiters cost no threads.
 * Every error is an RFC 9457 problem; only genuine server trouble (database or Kafka unreachable)
 * is a 5xx, and input is validated before anything is produced.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final String STARTED = "appservice.started";

  private final ObjectMapper json;
  private final ApiMetrics metrics;
  private final Javalin app;

  public ApiServer(
      int port,
      List<String> corsAllowedOrigins,
      ObjectMapper json,
      ApiMetrics metrics,
      Authenticator authenticator,
      CommandRoutes commands,
      EntityRoutes entities,
      QueryRoutes queries,
      EventStream events) {
    this.json = json;
    this.metrics = metrics;
    this.app =
        Javalin.create(
            config -> {
              configure(config, commands.maxBodyBytes());
              cors(config, corsAllowedOrigins);
              config.routes.before(new Authentication(authenticator)::before);
              config.routes.post("/v1/commands", commands::post);
              config.routes.get("/v1/commands/{id}", commands::get);
              config.routes.get("/v1/entities/{entity}", entities::list);
              config.routes.get("/v1/entities/{entity}/{id}", entities::get);
              config.routes.get("/v1/queries/{name}", queries::get);
              config.routes.get("/v1/events", events::handle);
              config.routes.get("/openapi.json", ApiServer::openApi);
              errors(config);
            });
    app.start(port);
  }

  private void configure(JavalinConfig config, int maxBodyBytes) {
    config.concurrency.useVirtualThreads = true;
    config.http.maxRequestSize = maxBodyBytes;
    config.http.prefer405over404 = true;
    config.http.generateEtags = false;
    config.http.asyncTimeout = 0;
    config.startup.showJavalinBanner = false;
    config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(16 * 1024));
    config.jetty.modifyServer(server -> server.addEventListener(new DeepAcceptQueue()));
    config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
    config.routes.after(this::record);
  }

  /**
   * Browsers on the listed origins may call the API (commands, reads, the event stream) and read
   * the headers clients need: {@code Location} of a command, {@code ETag}, {@code
   * Preference-Applied}. No credentials: the API has no cookies to send.
   */
  private static void cors(JavalinConfig config, List<String> origins) {
    if (origins.isEmpty()) {
      return;
    }
    config.bundledPlugins.enableCors(
        cors ->
            cors.addRule(
                rule -> {
                  if (origins.equals(List.of("*"))) {
                    rule.anyHost();
                  } else {
                    rule.allowHost(
                        origins.getFirst(),
                        origins.subList(1, origins.size()).toArray(String[]::new));
                  }
                  rule.exposeHeader("Location");
                  rule.exposeHeader("ETag");
                  rule.exposeHeader("Preference-Applied");
                }));
  }

  private void errors(JavalinConfig config) {
    config.routes.exception(Problem.class, (p, ctx) -> problem(ctx, p));
    config.routes.exception(
        HttpResponseException.class,
        (e, ctx) ->
            problem(
                ctx,
                new Problem(e.getStatus(), slug(e.getStatus()), title(e), e.getMessage(), null)));
    config.routes.exception(
        Exception.class,
        (e, ctx) -> {
          SQLException sql = sqlCause(e);
          if (sql != null && "42P01".equals(sql.getSQLState())) {
            problem(ctx, Problem.notFound("the materialized view has no such table yet"));
          } else {
            log.warn("request {} {} failed", ctx.method(), ctx.path(), e);
            problem(ctx, Problem.unavailable("a backing service failed; retry later"));
          }
        });
    config.routes.error(404, ctx -> defaultProblem(ctx, 404, "not-found", "No such resource"));
    config.routes.error(
        405, ctx -> defaultProblem(ctx, 405, "method-not-allowed", "Method not allowed"));
  }

  /** Javalin's own 404/405 (no route) get a problem body unless a handler already wrote one. */
  private void defaultProblem(Context ctx, int status, String slug, String title) {
    if (!Objects.toString(ctx.res().getContentType(), "").startsWith(Problem.CONTENT_TYPE)) {
      problem(ctx, new Problem(status, slug, title, ctx.method() + " " + ctx.path(), null));
    }
  }

  void problem(Context ctx, Problem p) {
    if (p.status() == 401) {
      ctx.header("WWW-Authenticate", AuthProblems.CHALLENGE);
    }
    if (p.status() == 503) {
      ctx.header("Retry-After", "1");
    }
    ObjectNode body = p.toJson(json, ctx.path());
    ctx.status(p.status());
    ctx.contentType(Problem.CONTENT_TYPE);
    ctx.result(body.toString());
  }

  private void record(Context ctx) {
    Long started = ctx.attribute(STARTED);
    if (started == null) {
      return;
    }
    String route;
    try {
      route = ctx.endpoint().path;
    } catch (RuntimeException e) {
      route = "unmatched";
    }
    metrics.request(ctx.method().name(), route, ctx.statusCode(), System.nanoTime() - started);
  }

  private static void openApi(Context ctx) throws IOException {
    try (InputStream in = ApiServer.class.getResourceAsStream("openapi.json")) {
      ctx.contentType("application/json");
      ctx.result(Objects.requireNonNull(in, "openapi.json").readAllBytes());
    }
  }

  private static String slug(int status) {
    return switch (status) {
      case 400 -> "invalid-request";
      case 404 -> "not-found";
      case 405 -> "method-not-allowed";
      case 413 -> "too-large";
      default -> "http-" + status;
    };
  }

  private static String title(HttpResponseException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? "HTTP " + e.getStatus() : message;
  }

  private static SQLException sqlCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }

  /**
   * A burst of new connections (a crowd of waiting clients) must not overflow the kernel's default
   * accept backlog of 50, where dropped SYNs come back only after seconds of TCP back-off.
   */
  private static final class DeepAcceptQueue implements LifeCycle.Listener {
    @Override
    public void lifeCycleStarting(LifeCycle event) {
      for (Connector c : ((Server) event).getConnectors()) {
        if (c instanceof ServerConnector connector) {
          connector.setAcceptQueueSize(4096);
        }
      }
    }
  }
}
