package dev.appservice.runtime.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.api.CommandTracker.InFlight;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/commands} and {@code GET /v1/commands/{id}}. A known outcome is {@code 200} with
 * the outcome; otherwise {@code 202} with {@code Location}, after blocking up to {@code Prefer:
 * wait=N} seconds for the worker to record it. Posting an id again answers from the same command.
 */
final class CommandRoutes {
  private final CommandParser parser;
  private final CommandService service;
  private final ObjectMapper json;
  private final ApiMetrics metrics;

  CommandRoutes(
      CommandParser parser, CommandService service, ObjectMapper json, ApiMetrics metrics) {
    this.parser = parser;
    this.service = service;
    this.json = json;
    this.metrics = metrics;
  }

  void post(Context ctx) throws SQLException {
    int wait = PreferWait.seconds(ctx.header("Prefer"));
    CommandParser.Parsed command = parser.parse(ctx.header("Content-Type"), ApiServer.body(ctx));
    CommandService.Submission submission = service.submit(command);
    ctx.header("Location", location(command.id()));
    if (submission.outcome().isPresent()) {
      outcome(ctx, submission.outcome().get());
    } else {
      await(ctx, submission.inFlight(), wait);
    }
  }

  void get(Context ctx) throws SQLException {
    String id = CommandParser.text("id", ctx.pathParam("id"));
    int wait = PreferWait.seconds(ctx.header("Prefer"));
    Optional<Outcome> recorded = service.recorded(id);
    if (recorded.isPresent()) {
      outcome(ctx, recorded.get());
      return;
    }
    InFlight f =
        service
            .inFlight(id)
            .orElseThrow(
                () -> Problem.notFound("no command '" + id + "' is recorded or in flight here"));
    await(ctx, f, wait);
  }

  private void await(Context ctx, InFlight f, int waitSeconds) {
    if (waitSeconds > 0) {
      ctx.header("Preference-Applied", "wait=" + waitSeconds);
    }
    long started = System.nanoTime();
    ctx.future(
        () ->
            f.acknowledged
                .thenCompose(ack -> waitSeconds == 0 ? done(f) : waitFor(f, waitSeconds, started))
                .handle(
                    (outcome, error) -> {
                      respond(ctx, f, outcome, error);
                      return null;
                    }));
  }

  private static CompletableFuture<Outcome> done(InFlight f) {
    return CompletableFuture.completedFuture(f.outcome.getNow(null));
  }

  private CompletableFuture<Outcome> waitFor(InFlight f, int seconds, long started) {
    metrics.waitStarted();
    return f.outcome
        .copy()
        .completeOnTimeout(null, seconds, TimeUnit.SECONDS)
        .whenComplete(
            (o, e) ->
                metrics.waitEnded(
                    e != null ? "error" : o == null ? "timeout" : "fulfilled",
                    System.nanoTime() - started));
  }

  private void respond(Context ctx, InFlight f, Outcome outcome, Throwable error) {
    if (error != null) {
      Throwable cause = error instanceof CompletionException c ? c.getCause() : error;
      ctx.status(503)
          .contentType(Problem.CONTENT_TYPE)
          .result(
              Problem.unavailable("the command could not be posted: " + cause.getMessage())
                  .toJson(json, ctx.path())
                  .toString());
    } else if (outcome != null) {
      outcome(ctx, outcome);
    } else {
      ctx.status(202)
          .contentType("application/json")
          .result(Outcome.pending(json, f.id).toString());
    }
  }

  private void outcome(Context ctx, Outcome o) {
    ctx.status(200).contentType("application/json").result(o.toJson(json).toString());
  }

  static String location(String id) {
    return "/v1/commands/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
