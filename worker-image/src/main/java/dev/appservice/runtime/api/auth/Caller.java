package dev.appservice.runtime.api.auth;

/**
 * Who made a request, as the API authenticated it. {@code type} and {@code id} travel with each
 * command the caller posts as the CloudEvents {@code authcontext} extension ({@code authtype},
 * {@code authid}), set by the API and never taken from the body.
 *
 * @param type {@code app_user} (a bearer token's subject), {@code api_key} (a key's name) or {@code
 *     unauthenticated} (anonymous access)
 * @param id the token's {@code sub}, the key's name, or {@code anonymous}
 */
public record Caller(String type, String id, Scopes scopes) {
  public static final String TOKEN = "app_user";
  public static final String API_KEY = "api_key";
  public static final String UNAUTHENTICATED = "unauthenticated";

  /** A caller without credentials where the AppService allows anonymous access. */
  public static final Caller ANONYMOUS = new Caller(UNAUTHENTICATED, "anonymous", Scopes.ALL);

  /** Throws a 403 problem unless this caller holds a scope that covers {@code needed}. */
  public void require(String needed) {
    if (!scopes.allows(needed)) {
      throw AuthProblems.forbidden(needed);
    }
  }
}
