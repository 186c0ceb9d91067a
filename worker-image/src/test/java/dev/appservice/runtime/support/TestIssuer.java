package dev.appservice.runtime.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OIDC issuer over HTTP, on this machine: a discovery document and a JWKS whose RSA keys a
 * test can rotate, and tokens signed with them.
 */
public final class TestIssuer implements AutoCloseable {
  private final HttpServer server;
  private final List<RSAKey> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger jwksFetches = new AtomicInteger();

  public TestIssuer() throws Exception {
    server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    server.createContext(
        "/realm/.well-known/openid-configuration",
        exchange ->
            respond(
                exchange,
                "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/jwks\"}"));
    server.createContext(
        "/realm/jwks",
        exchange -> {
          jwksFetches.incrementAndGet();
          respond(exchange, new JWKSet(List.copyOf(published)).toPublicJWKSet().toString());
        });
    server.start();
    published.add(newKey());
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  public static RSAKey newKey() throws JOSEException {
    return new RSAKeyGenerator(2048).keyID("k-" + System.nanoTime()).generate();
  }

  public String issuer() {
    return "http://localhost:" + server.getAddress().getPort() + "/realm";
  }

  /**
   * Publishes a new key beside the others (sign with it explicitly; {@link #sign} keeps the first).
   */
  public RSAKey rotate() throws JOSEException {
    RSAKey key = newKey();
    published.add(key);
    return key;
  }

  /** The key {@link #sign(JWTClaimsSet)} uses: the first one published. */
  public RSAKey currentKey() {
    return published.getFirst();
  }

  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** Claims that verify for {@code audience}: this issuer, subject, an hour ahead, scopes. */
  public JWTClaimsSet.Builder claims(String subject, String audience, String scope) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .subject(subject)
        .audience(audience)
        .issueTime(Date.from(now))
        .notBeforeTime(Date.from(now.minusSeconds(5)))
        .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
        .claim("scope", scope);
  }

  public String sign(JWTClaimsSet claims) throws JOSEException {
    return sign(claims, currentKey());
  }

  public static String sign(JWTClaimsSet claims, RSAKey key) throws JOSEException {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
