package dev.appservice.runtime.api.auth;

import dev.appservice.runtime.api.problem.Problem;

/** The API's 401 and 403 answers: they say what was wrong, never why a check of a secret failed. */
public final class AuthProblems {
  /** The {@code WWW-Authenticate} challenge sent with every 401 (RFC 6750). */
  public static final String CHALLENGE = "Bearer realm=\"appservice\"";

  public static Problem unauthenticated(String detail) {
    return new Problem(401, "unauthenticated", "Authentication required", detail, "Authorization");
  }

  public static Problem forbidden(String needed) {
    return new Problem(
        403,
        "forbidden",
        "Forbidden",
        "the caller's credentials do not grant the scope '" + needed + "'",
        null);
  }

  private AuthProblems() {}
}
