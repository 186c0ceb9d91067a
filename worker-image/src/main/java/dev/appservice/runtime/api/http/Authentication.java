package dev.appservice.runtime.api.http;

import dev.appservice.runtime.api.auth.Authenticator;
import dev.appservice.runtime.api.auth.Caller;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Optional;

/**
 * The API's authentication step: before any route under {@code /v1/} runs, the request's
 * credentials become its {@link Caller}, or the request ends with a 401 and nothing else happens.
 * Routes then ask the caller for the scope they need. CORS preflights and the OpenAPI document
 * carry no credentials and need none.
 */
final class Authentication {
  private static final String CALLER = "appservice.caller";

  private final Authenticator authenticator;

  Authentication(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  void before(Context ctx) {
    if (ctx.method() == HandlerType.OPTIONS || !ctx.path().startsWith("/v1/")) {
      return;
    }
    Caller caller =
        authenticator.authenticate(
            Optional.ofNullable(ctx.header("Authorization")),
            Optional.ofNullable(ctx.header(Authenticator.API_KEY_HEADER)));
    ctx.attribute(CALLER, caller);
  }

  /** The request's caller; only routes under {@code /v1/} have one. */
  static Caller caller(Context ctx) {
    Caller caller = ctx.attribute(CALLER);
    if (caller == null) {
      throw new IllegalStateException("no caller for " + ctx.path());
    }
    return caller;
  }
}
