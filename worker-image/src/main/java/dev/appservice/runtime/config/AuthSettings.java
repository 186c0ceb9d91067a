package dev.appservice.runtime.config;

import dev.appservice.contract.RuntimeEnv;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the HTTP API authenticates its callers: bearer tokens of one OIDC issuer, API keys from a
 * file, or both; callers without credentials only when {@code anonymous} says so. The API refuses
 * to start with none of the three: there is no silent open default.
 */
public record AuthSettings(Optional<Jwt> jwt, Optional<Path> apiKeysFile, boolean anonymous) {

  /**
   * @param issuer the exact {@code iss} of accepted tokens
   * @param audience a value {@code aud} must hold
   * @param jwksUri where the issuer publishes its keys; empty: from its OIDC discovery document
   * @param scopesClaim the claim with the caller's scopes (a space-separated string or an array)
   */
  public record Jwt(URI issuer, String audience, Optional<URI> jwksUri, String scopesClaim) {}

  /** No authentication at all: every caller may do everything. For tests and the local mode. */
  public static AuthSettings anonymousOnly() {
    return new AuthSettings(Optional.empty(), Optional.empty(), true);
  }

  public boolean authenticates() {
    return jwt.isPresent() || apiKeysFile.isPresent();
  }

  static AuthSettings from(Env e, boolean api) {
    Optional<String> issuer = e.optional(RuntimeEnv.API_AUTH_JWT_ISSUER);
    Optional<String> audience = e.optional(RuntimeEnv.API_AUTH_JWT_AUDIENCE);
    Optional<Jwt> jwt = Optional.empty();
    if (issuer.isPresent() || audience.isPresent()) {
      if (issuer.isEmpty() || audience.isEmpty()) {
        e.problem(
            RuntimeEnv.API_AUTH_JWT_ISSUER
                + " and "
                + RuntimeEnv.API_AUTH_JWT_AUDIENCE
                + " are set together");
      } else {
        jwt =
            Optional.of(
                new Jwt(
                    url(e, RuntimeEnv.API_AUTH_JWT_ISSUER, issuer.get()),
                    audience.get(),
                    e.optional(RuntimeEnv.API_AUTH_JWT_JWKS_URI)
                        .map(u -> url(e, RuntimeEnv.API_AUTH_JWT_JWKS_URI, u)),
                    e.check(
                        RuntimeEnv.API_AUTH_JWT_SCOPES_CLAIM,
                        e.orDefault(RuntimeEnv.API_AUTH_JWT_SCOPES_CLAIM, "scope"),
                        c -> c.matches("[A-Za-z0-9_.:-]{1,100}"),
                        "must be a claim name")));
      }
    }
    Optional<Path> keys = e.optional(RuntimeEnv.API_AUTH_API_KEYS_FILE).map(Path::of);
    String rawAnonymous = e.orDefault(RuntimeEnv.API_AUTH_ANONYMOUS, "false");
    if (!rawAnonymous.equals("true") && !rawAnonymous.equals("false")) {
      e.problem(
          RuntimeEnv.API_AUTH_ANONYMOUS + " must be true or false, got '" + rawAnonymous + "'");
    }
    AuthSettings settings = new AuthSettings(jwt, keys, rawAnonymous.equals("true"));
    if (api && !settings.authenticates() && !settings.anonymous()) {
      e.problem(
          "the API needs a way to authenticate its callers: set "
              + RuntimeEnv.API_AUTH_JWT_ISSUER
              + " and "
              + RuntimeEnv.API_AUTH_JWT_AUDIENCE
              + ", or "
              + RuntimeEnv.API_AUTH_API_KEYS_FILE
              + ", or "
              + RuntimeEnv.API_AUTH_ANONYMOUS
              + "=true to serve without authentication");
    }
    return settings;
  }

  /**
   * An https URL; plain http only for a loopback host (a development issuer on the same machine).
   */
  private static URI url(Env e, String name, String raw) {
    try {
      URI uri = new URI(raw);
      String host = uri.getHost();
      boolean loopback =
          host != null
              && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
      if (host == null
          || !("https".equals(uri.getScheme()) || ("http".equals(uri.getScheme()) && loopback))) {
        e.problem(name + " must be an https URL (http only on localhost), got '" + raw + "'");
      }
      return uri;
    } catch (java.net.URISyntaxException ex) {
      e.problem(name + " must be an https URL, got '" + raw + "'");
      return URI.create("https://invalid");
    }
  }
}
