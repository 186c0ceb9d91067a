package dev.appservice.runtime.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.appservice.runtime.api.problem.Problem;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Duration;
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
  public static final int MAX_BODY_BYTES = 1024 * 1024;

  /** How much of an oversized body is read and discarded so that the 413 reaches the client. */
  static final long DRAIN_LIMIT = 8L * MAX_BODY_BYTES;

  /** How long discarding an oversized body may take. */
  static final Duration DRAIN_TIME = Duration.ofSeconds(5);

  private static final String STARTED = "appservice.started";

  private final ObjectMapper json;
  private final ApiMetrics metrics;
  private final Javalin app;

  public ApiServer(
      int port,
      List<String> corsAllowedOrigins,
      ObjectMapper json,
      ApiMetrics metrics,
      CommandRoutes commands,
      EntityRoutes entities,
      EventStream events) {
    this.json = json;
    this.metrics = metrics;
    this.app =
        Javalin.create(
            config -> {
              configure(config);
              cors(config, corsAllowedOrigins);
              config.routes.post("/v1/commands", commands::post);
              config.routes.get("/v1/commands/{id}", commands::get);
              config.routes.get("/v1/entities/{entity}", entities::list);
              config.routes.get("/v1/entities/{entity}/{id}", entities::get);
              config.routes.get("/v1/events", events::handle);
              config.routes.get("/openapi.json", ApiServer::openApi);
              errors(config);
            });
    app.start(port);
  }

  private void configure(JavalinConfig config) {
    config.concurrency.useVirtualThreads = true;
    config.http.maxRequestSize = MAX_BODY_BYTES;
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

  /**
   * Reads at most {@link #MAX_BODY_BYTES}, whatever Content-Length claims. A body over the limit is
   * read and discarded up to {@link #DRAIN_LIMIT} before the 413 goes out: a server that answers
   * and closes while the client is still sending makes the client's TCP stack drop the answer (a
   * reset instead of the problem document). Beyond that limit the connection is simply closed.
   */
  static byte[] body(Context ctx) {
    try {
      InputStream in = ctx.req().getInputStream();
      long declared = ctx.req().getContentLengthLong();
      // A client that waits for "100 Continue" has sent nothing yet: refuse before it does.
      boolean waitsToSend =
          "100-continue".equalsIgnoreCase(Objects.toString(ctx.header("Expect"), "").trim());
      if (declared > MAX_BODY_BYTES) {
        drain(in, !waitsToSend && declared <= DRAIN_LIMIT);
        throw tooLarge();
      }
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        drain(in, true);
        throw tooLarge();
      }
      return bytes;
    } catch (IOException e) {
      throw Problem.badRequest("/", "the body could not be read: " + e.getMessage());
    }
  }

  private static void drain(InputStream in, boolean worthIt) throws IOException {
    if (!worthIt) {
      return;
    }
    byte[] buffer = new byte[64 * 1024];
    long left = DRAIN_LIMIT;
    long deadline = System.nanoTime() + DRAIN_TIME.toNanos();
    for (int n = in.read(buffer); n >= 0 && left > 0; n = in.read(buffer)) {
      left -= n;
      if (System.nanoTime() > deadline) {
        return; // a slow sender gets its connection closed instead
      }
    }
  }

  private static Problem tooLarge() {
    return new Problem(
        413,
        "too-large",
        "Content too large",
        "the body may hold at most " + MAX_BODY_BYTES + " bytes",
        null);
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
