package dev.appservice.runtime.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.appservice.runtime.api.problem.Problem;
import dev.appservice.runtime.config.AuthSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens of one OIDC issuer (Nimbus JOSE + JWT). The signature must verify with a key of the
 * issuer's JWKS, by an asymmetric algorithm (RSA, RSA-PSS, ECDSA or EdDSA: never {@code none},
 * never an HMAC keyed with a public key); {@code iss} must equal the configured issuer, {@code aud}
 * hold the configured audience, {@code exp} lie ahead and {@code nbf} behind (a minute of clock
 * skew either way), and {@code sub} name the caller. The JWKS is fetched on first use, cached, and
 * fetched again when a token names a key id it does not hold (at most every 30 s), so the issuer
 * rotates its keys without anyone restarting the API.
 */
public final class TokenVerifier {
  private static final Logger log = LoggerFactory.getLogger(TokenVerifier.class);
  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA);
  private static final int TIMEOUT_MS = 5_000;
  private static final int SIZE_LIMIT = 512 * 1024;

  private final AuthSettings.Jwt settings;
  private final ObjectMapper json;
  private final DefaultResourceRetriever retriever =
      new DefaultResourceRetriever(TIMEOUT_MS, TIMEOUT_MS, SIZE_LIMIT);
  private volatile DefaultJWTProcessor<SecurityContext> processor;

  public TokenVerifier(AuthSettings.Jwt settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
  }

  /**
   * The caller a token names.
   *
   * @throws Problem 401 for a token that does not verify, 503 when the issuer's keys cannot be had
   */
  public Caller verify(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor().process(token, null);
    } catch (RateLimitReachedException e) {
      // The token names a key the JWKS did not hold a moment ago, and the JWKS was just fetched.
      throw AuthProblems.unauthenticated(
          "the bearer token is signed with a key the issuer does not publish");
    } catch (KeySourceException e) {
      log.warn(
          "the keys of token issuer {} cannot be fetched: {}", settings.issuer(), e.toString());
      throw Problem.unavailable("the token issuer's keys cannot be fetched; retry later");
    } catch (ParseException | BadJOSEException e) {
      throw AuthProblems.unauthenticated("the bearer token is not valid: " + e.getMessage());
    } catch (com.nimbusds.jose.JOSEException e) {
      throw AuthProblems.unauthenticated("the bearer token is not valid: " + e.getMessage());
    }
    return new Caller(Caller.TOKEN, claims.getSubject(), scopes(claims));
  }

  private Scopes scopes(JWTClaimsSet claims) {
    Object value = claims.getClaim(settings.scopesClaim());
    if (value instanceof String s) {
      return Scopes.of(List.of(s.trim().split("\\s+")));
    }
    if (value instanceof List<?> list) {
      return Scopes.of(list.stream().map(String::valueOf).toList());
    }
    return Scopes.NONE;
  }

  private DefaultJWTProcessor<SecurityContext> processor() throws KeySourceException {
    DefaultJWTProcessor<SecurityContext> p = processor;
    if (p == null) {
      synchronized (this) {
        p = processor;
        if (p == null) {
          p = build(jwksUri());
          processor = p;
        }
      }
    }
    return p;
  }

  private DefaultJWTProcessor<SecurityContext> build(URI jwks) throws KeySourceException {
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.create(jwks.toURL(), retriever).retrying(true).build();
    } catch (IOException e) {
      throw new KeySourceException("bad JWKS URL " + jwks, e);
    }
    DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
    p.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    p.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            settings.audience(),
            new JWTClaimsSet.Builder().issuer(settings.issuer().toString()).build(),
            Set.of("sub", "exp")));
    return p;
  }

  /** The configured JWKS URL, or the {@code jwks_uri} of the issuer's discovery document. */
  private URI jwksUri() throws KeySourceException {
    if (settings.jwksUri().isPresent()) {
      return settings.jwksUri().get();
    }
    String issuer = settings.issuer().toString();
    String discovery =
        (issuer.endsWith("/") ? issuer : issuer + "/") + ".well-known/openid-configuration";
    try {
      Resource resource = retriever.retrieveResource(new URL(discovery));
      JsonNode doc = json.readTree(resource.getContent());
      if (!issuer.equals(doc.path("issuer").asText())) {
        throw new KeySourceException(
            "the discovery document at " + discovery + " names another issuer");
      }
      String jwks = doc.path("jwks_uri").asText("");
      if (!jwks.startsWith("https://") && !jwks.startsWith("http://localhost")) {
        throw new KeySourceException("the discovery document at " + discovery + " has no jwks_uri");
      }
      return URI.create(jwks);
    } catch (IOException e) {
      throw new KeySourceException("cannot read " + discovery + ": " + e.getMessage(), e);
    }
  }
}
