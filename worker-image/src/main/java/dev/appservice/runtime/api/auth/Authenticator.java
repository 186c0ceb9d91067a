package dev.appservice.runtime.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.appservice.contract.RuntimeEnv;
import dev.appservice.runtime.config.AuthSettings;
import dev.appservice.runtime.config.ConfigException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Turns a request's credentials into its {@link Caller}: a bearer token ({@code Authorization:
 * Bearer <jwt>}) or an API key ({@code X-Api-Key: <key>}), whichever the AppService accepts.
 * Credentials that are presented are checked even where anonymous access is allowed: a wrong key is
 * a 401, never a silent downgrade to anonymous.
 */
public final class Authenticator {
  public static final String API_KEY_HEADER = "X-Api-Key";

  private final Optional<TokenVerifier> tokens;
  private final Optional<ApiKeys> keys;
  private final boolean anonymous;

  Authenticator(Optional<TokenVerifier> tokens, Optional<ApiKeys> keys, boolean anonymous) {
    this.tokens = tokens;
    this.keys = keys;
    this.anonymous = anonymous;
  }

  /**
   * @throws ConfigException when the API keys file cannot be read or does not parse
   */
  public static Authenticator from(AuthSettings settings, ObjectMapper json) {
    Optional<ApiKeys> keys = Optional.empty();
    if (settings.apiKeysFile().isPresent()) {
      try {
        keys = Optional.of(ApiKeys.load(settings.apiKeysFile().get()));
      } catch (IOException | IllegalArgumentException e) {
        throw new ConfigException(
            List.of(
                RuntimeEnv.API_AUTH_API_KEYS_FILE
                    + " "
                    + settings.apiKeysFile().get()
                    + " cannot be used: "
                    + e.getMessage()));
      }
    }
    return new Authenticator(
        settings.jwt().map(j -> new TokenVerifier(j, json)), keys, settings.anonymous());
  }

  /** The API keys, for reloading; empty when the AppService takes none. */
  public Optional<ApiKeys> apiKeys() {
    return keys;
  }

  /**
   * @param authorization the {@code Authorization} header, if any
   * @param apiKey the {@code X-Api-Key} header, if any
   * @throws dev.appservice.runtime.api.problem.Problem 401 when the credentials are missing or
   *     wrong
   */
  public Caller authenticate(Optional<String> authorization, Optional<String> apiKey) {
    if (authorization.isPresent() && apiKey.isPresent()) {
      throw AuthProblems.unauthenticated("send either a bearer token or an API key, not both");
    }
    if (authorization.isPresent()) {
      String value = authorization.get().trim();
      if (!value.regionMatches(true, 0, "Bearer ", 0, 7) || value.length() == 7) {
        throw AuthProblems.unauthenticated("the Authorization header must be 'Bearer <token>'");
      }
      return tokens
          .orElseThrow(
              () -> AuthProblems.unauthenticated("this API takes no bearer tokens; use an API key"))
          .verify(value.substring(7).trim());
    }
    if (apiKey.isPresent()) {
      ApiKeys known =
          keys.orElseThrow(
              () -> AuthProblems.unauthenticated("this API takes no API keys; use a bearer token"));
      return known
          .authenticate(apiKey.get().trim())
          .orElseThrow(() -> AuthProblems.unauthenticated("the API key is not known"));
    }
    if (anonymous) {
      return Caller.ANONYMOUS;
    }
    throw AuthProblems.unauthenticated(
        "send a bearer token (Authorization: Bearer <token>) or an API key ("
            + API_KEY_HEADER
            + ")");
  }
}
