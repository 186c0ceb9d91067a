package dev.appservice.runtime.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.runtime.api.auth.Caller;
import dev.appservice.runtime.api.auth.Scopes;
import dev.appservice.runtime.api.command.CommandParser;
import dev.appservice.runtime.api.command.CommandService;
import dev.appservice.runtime.api.command.CommandTracker;
import dev.appservice.runtime.api.command.CommandTracker.InFlight;
import dev.appservice.runtime.api.command.Outcome;
import dev.appservice.runtime.api.problem.Identifiers;
import dev.appservice.runtime.api.problem.Problem;
import dev.appservice.runtime.store.CommandKey;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/commands} and {@code GET /v1/commands/{id}}. A known outcome is {@code 200} with
 * the outcome; otherwise {@code 202} with {@code Location}, after blocking up to {@code Prefer:
 * wait=N} seconds for the worker to record it. Posting an id again answers from the same command.
 */
public final class CommandRoutes {
  private final CommandParser parser;
  private final CommandService service;
  private final ObjectMapper json;
  private final ApiMetrics metrics;
  private final RequestBody body;

  public CommandRoutes(
      CommandParser parser,
      CommandService service,
      RequestBody body,
      ObjectMapper json,
      ApiMetrics metrics) {
    this.parser = parser;
    this.body = body;
    this.service = service;
    this.json = json;
    this.metrics = metrics;
  }

  int maxBodyBytes() {
    return body.maxBytes();
  }

  void post(Context ctx) throws SQLException {
    int wait = PreferWait.seconds(ctx.header("Prefer"));
    Caller caller = Authentication.caller(ctx);
    CommandParser.Parsed command =
        parser
            .parse(ctx.header("Content-Type"), body.read(ctx))
            .attributedTo(parser.sourceOf(caller.type(), caller.id()), caller.type(), caller.id());
    caller.require(Scopes.commandWrite(command.event().getType()));
    CommandService.Submission submission = service.submit(command);
    ctx.header("Location", location(command.id()));
    if (submission.outcome().isPresent()) {
      outcome(ctx, submission.outcome().get());
    } else {
      await(ctx, submission.inFlight(), wait);
    }
  }

  /**
   * A command's outcome. A command this process produced (or one recorded) is known by its id; one
   * in flight from another replica, or from before a restart, is found by the input position its
   * Location carries ({@code ?partition=P&offset=O}), so a client may poll any replica.
   */
  void get(Context ctx) throws SQLException {
    Caller caller = Authentication.caller(ctx);
    caller.require(Scopes.COMMANDS_READ);
    // The caller's own command of that id: another caller's is another command.
    String id =
        CommandKey.of(
            parser.sourceOf(caller.type(), caller.id()).toString(),
            Identifiers.text("id", ctx.pathParam("id")));
    int wait = PreferWait.seconds(ctx.header("Prefer"));
    OptionalLong partition = position(ctx, "partition", 10);
    OptionalLong offset = position(ctx, "offset", 19);
    if (partition.isPresent() != offset.isPresent()) {
      throw Problem.badRequest(
          partition.isPresent() ? "offset" : "partition", "give partition and offset together");
    }
    Optional<Outcome> recorded = service.recorded(id);
    if (recorded.isPresent()) {
      outcome(ctx, recorded.get());
      return;
    }
    Optional<InFlight> local = service.inFlight(id);
    if (local.isPresent()) {
      await(ctx, local.get(), wait);
      return;
    }
    if (partition.isEmpty()) {
      throw Problem.notFound(
          "no command '"
              + CommandKey.id(id)
              + "' of yours is recorded or in flight here; poll the Location of the 202, which names the"
              + " command's input position");
    }
    CommandService.Submission followed =
        service.follow(id, (int) partition.getAsLong(), offset.getAsLong());
    if (followed.outcome().isPresent()) {
      outcome(ctx, followed.outcome().get());
    } else {
      await(ctx, followed.inFlight(), wait);
    }
  }

  /** An optional non-negative query parameter of at most {@code digits} digits. */
  private static OptionalLong position(Context ctx, String name, int digits) {
    List<String> values = ctx.queryParams(name);
    if (values.isEmpty()) {
      return OptionalLong.empty();
    }
    String raw = values.getFirst();
    if (values.size() > 1 || !raw.matches("\\d{1," + digits + "}")) {
      throw Problem.badRequest(name, name + " must be given once, as a non-negative integer");
    }
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      value = -1;
    }
    if (value < 0 || (name.equals("partition") && value > Integer.MAX_VALUE)) {
      throw Problem.badRequest(name, name + " is out of range");
    }
    return OptionalLong.of(value);
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
                      if (outcome == null) {
                        service.release(f);
                      }
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
    Throwable cause = error instanceof CompletionException c ? c.getCause() : error;
    if (cause instanceof CommandTracker.NotRecorded notRecorded) {
      ctx.status(404)
          .contentType(Problem.CONTENT_TYPE)
          .result(Problem.notFound(notRecorded.getMessage()).toJson(json, ctx.path()).toString());
    } else if (cause != null) {
      ctx.status(503)
          .contentType(Problem.CONTENT_TYPE)
          .result(
              Problem.unavailable("the command could not be posted: " + cause.getMessage())
                  .toJson(json, ctx.path())
                  .toString());
    } else if (outcome != null) {
      outcome(ctx, outcome);
    } else {
      ctx.header("Location", location(f))
          .status(202)
          .contentType("application/json")
          .result(Outcome.pending(json, f.id).toString());
    }
  }

  /**
   * A recorded outcome: 200 with it, or for a command the handler rejected a 422 problem whose
   * detail is the handler's reason and whose {@code outcome} member is the outcome.
   */
  private void outcome(Context ctx, Outcome o) {
    if (o.rejected()) {
      var problem = Problem.rejected(o.error()).toJson(json, ctx.path());
      problem.set("outcome", o.toJson(json));
      ctx.status(422).contentType(Problem.CONTENT_TYPE).result(problem.toString());
      return;
    }
    ctx.status(200).contentType("application/json").result(o.toJson(json).toString());
  }

  /** With the input position once the command is acknowledged: any replica can follow it. */
  static String location(InFlight f) {
    return f.offset < 0
        ? location(CommandKey.id(f.id))
        : location(CommandKey.id(f.id)) + "?partition=" + f.partition + "&offset=" + f.offset;
  }

  static String location(String id) {
    return "/v1/commands/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
