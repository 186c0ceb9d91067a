package dev.appservice.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.appservice.contract.RuntimeEnv;
import dev.appservice.runtime.api.auth.ApiKeys;
import dev.appservice.runtime.support.TestApi;
import dev.appservice.runtime.support.TestIssuer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An API that authenticates: bearer tokens of a real OIDC issuer over HTTP (discovery, JWKS, key
 * rotation) and API keys from a file that changes under it. Every refusal is a 401 or 403 problem
 * and produces nothing; the caller's identity travels with its command and cannot be forged.
 */
class AuthIT {
  private static final String AUDIENCE = "shop-api";
  private static final String KEY = "key-" + UUID.randomUUID();

  private static TestIssuer issuer;
  private static Path keysFile;
  private static TestApi api;

  @BeforeAll
  static void start() throws Exception {
    issuer = new TestIssuer();
    keysFile = Files.createTempFile(Path.of("target").toAbsolutePath(), "api-keys", ".txt");
    Files.writeString(
        keysFile,
        "# name hash scopes\nci-bot "
            + ApiKeys.hashOf(KEY)
            + " commands:write:customer.* entities:read:customer\n");
    api =
        TestApi.start(
            "auth",
            1,
            Map.of(
                RuntimeEnv.API_AUTH_ANONYMOUS,
                "false",
                RuntimeEnv.API_AUTH_JWT_ISSUER,
                issuer.issuer(),
                RuntimeEnv.API_AUTH_JWT_AUDIENCE,
                AUDIENCE,
                RuntimeEnv.API_AUTH_API_KEYS_FILE,
                keysFile.toString()));
  }

  @AfterAll
  static void stop() throws Exception {
    api.close();
    issuer.close();
    Files.deleteIfExists(keysFile);
  }

  @Test
  void withoutCredentialsEveryRouteIsAProblem401AndNothingIsProduced() throws Exception {
    long before = api.inputRecords();
    for (HttpResponse<String> r :
        new HttpResponse[] {
          api.post("/v1/commands", upsert("c-anon", Map.of()), "Prefer", "wait=2"),
          api.get("/v1/commands/x"),
          api.get("/v1/entities/customer"),
          api.get("/v1/entities/customer/c-1"),
          api.get("/v1/events")
        }) {
      assertThat(r.statusCode()).as(r.uri().toString()).isEqualTo(401);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(r.body()).contains("\"status\":401").contains("unauthenticated");
    }
    assertThat(api.get("/openapi.json").statusCode()).isEqualTo(200);
    assertThat(api.inputRecords()).isEqualTo(before);
  }

  @Test
  void aTokenWithTheScopePostsAndItsSubjectTravelsWithTheCommand() throws Exception {
    String token =
        issuer.sign(
            issuer
                .claims("alice", AUDIENCE, "commands:write:customer.upsert entities:read:customer")
                .build());
    String id = "auth-" + UUID.randomUUID();
    // The body claims another identity: the API replaces it with what it authenticated.
    String body =
        """
        {"specversion": "1.0", "id": "%s", "source": "/ui", "type": "customer.upsert",
         "subject": "c-alice", "authtype": "system", "authid": "mallory",
         "datacontenttype": "application/json", "data": {"name": "Alice"}}
        """
            .formatted(id);
    HttpResponse<String> posted =
        api.post(
            "/v1/commands",
            body,
            "Content-Type",
            "application/cloudevents+json",
            "Authorization",
            "Bearer " + token,
            "Prefer",
            "wait=20");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    assertThat(posted.body()).contains("\"status\":\"done\"");

    ConsumerRecord<byte[], byte[]> record = produced(id);
    assertThat(header(record, "ce_authid")).isEqualTo("alice");
    assertThat(header(record, "ce_authtype")).isEqualTo("app_user");

    assertThat(api.get("/v1/entities/customer/c-alice", "Authorization", "Bearer " + token))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(200);
    // Scopes it does not hold: the event stream and command status are forbidden.
    for (String path : new String[] {"/v1/events", "/v1/commands/" + id}) {
      HttpResponse<String> r = api.get(path, "Authorization", "Bearer " + token);
      assertThat(r.statusCode()).as(path).isEqualTo(403);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
  }

  @Test
  void aTokenWithoutTheScopeIsForbiddenAndNothingIsProduced() throws Exception {
    String token =
        issuer.sign(issuer.claims("bob", AUDIENCE, "commands:write:customer.delete").build());
    long before = api.inputRecords();
    HttpResponse<String> r =
        api.post(
            "/v1/commands",
            upsert("c-bob", Map.of()),
            "Authorization",
            "Bearer " + token,
            "Prefer",
            "wait=2");
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.body()).contains("commands:write:customer.upsert");
    assertThat(api.get("/v1/entities/customer", "Authorization", "Bearer " + token).statusCode())
        .isEqualTo(403);
    assertThat(api.inputRecords()).isEqualTo(before);
  }

  @Test
  void tokensThatDoNotVerifyAre401AndProduceNothing() throws Exception {
    Map<String, String> tokens = badTokens();

    long before = api.inputRecords();
    for (Map.Entry<String, String> t : tokens.entrySet()) {
      HttpResponse<String> r =
          api.post(
              "/v1/commands",
              upsert("c-eve", Map.of()),
              "Authorization",
              "Bearer " + t.getValue(),
              "Prefer",
              "wait=1");
      assertThat(r.statusCode()).as(t.getKey() + ": " + r.body()).isEqualTo(401);
    }
    for (String header : new String[] {"Basic ZXZlOmV2ZQ==", "Bearer", "Bearer  "}) {
      HttpResponse<String> r = api.get("/v1/entities/customer", "Authorization", header);
      assertThat(r.statusCode()).as(header).isEqualTo(401);
    }
    assertThat(api.inputRecords()).isEqualTo(before);
  }

  /**
   * Commands are told apart by source and id, and the API sets the source from the caller: two
   * callers using one id have two commands, each sees only its own, and a caller sending its id
   * again gets the same command back.
   */
  @Test
  void twoCallersWithTheSameCommandIdEachGetTheirOwnOutcome() throws Exception {
    String id = "shared-" + UUID.randomUUID();
    String alice =
        "Bearer "
            + issuer.sign(
                issuer
                    .claims("alice", AUDIENCE, "commands:write:customer.upsert commands:read")
                    .build());
    String bob =
        "Bearer "
            + issuer.sign(
                issuer
                    .claims("bob", AUDIENCE, "commands:write:customer.upsert commands:read")
                    .build());
    String body =
        """
        {"specversion": "1.0", "id": "%s", "source": "/forged", "type": "customer.upsert",
         "subject": "%s", "data": {"name": "%s"}}
        """;
    var first =
        api.post(
            "/v1/commands",
            body.formatted(id, "c-of-alice", "A"),
            "Content-Type",
            "application/cloudevents+json",
            "Authorization",
            alice,
            "Prefer",
            "wait=20");
    var second =
        api.post(
            "/v1/commands",
            body.formatted(id, "c-of-bob", "B"),
            "Content-Type",
            "application/cloudevents+json",
            "Authorization",
            bob,
            "Prefer",
            "wait=20");
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
    assertThat(first.body()).contains("\"status\":\"done\"").contains("/app_user/alice");
    assertThat(second.body()).contains("\"status\":\"done\"").contains("/app_user/bob");
    assertThat(first.body()).doesNotContain("c-of-bob");
    // Both were applied: each caller's command wrote its own entity.
    assertThat(
            api.get(
                    "/v1/entities/customer/c-of-alice",
                    "Authorization",
                    "Bearer "
                        + issuer.sign(
                            issuer.claims("r", AUDIENCE, "entities:read:customer").build()))
                .statusCode())
        .isEqualTo(200);
    assertThat(
            api.get(
                    "/v1/entities/customer/c-of-bob",
                    "Authorization",
                    "Bearer "
                        + issuer.sign(
                            issuer.claims("r", AUDIENCE, "entities:read:customer").build()))
                .statusCode())
        .isEqualTo(200);
    // Each reads its own by id.
    assertThat(api.get("/v1/commands/" + id, "Authorization", alice).body())
        .contains("/app_user/alice")
        .contains("c-of-alice");
    assertThat(api.get("/v1/commands/" + id, "Authorization", bob).body())
        .contains("/app_user/bob")
        .contains("c-of-bob");
    // The source the body claimed is not the one produced.
    assertThat(
            api.kafka().readAll(api.env().inputTopic(), 0).stream()
                .filter(r -> id.equals(header(r, "ce_id")))
                .map(r -> header(r, "ce_source"))
                .toList())
        .containsExactlyInAnyOrder(
            "/appservice/auth/api/app_user/alice", "/appservice/auth/api/app_user/bob");

    // Sent again by the same caller, even with other data: the same command, not a new one.
    long before = api.inputRecords();
    var again =
        api.post(
            "/v1/commands",
            body.formatted(id, "c-of-alice", "changed"),
            "Content-Type",
            "application/cloudevents+json",
            "Authorization",
            alice,
            "Prefer",
            "wait=20");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).contains("c-of-alice");
    assertThat(api.inputRecords()).isEqualTo(before);
    // A third caller has no command of that id.
    String carol =
        "Bearer " + issuer.sign(issuer.claims("carol", AUDIENCE, "commands:read").build());
    assertThat(api.get("/v1/commands/" + id, "Authorization", carol).statusCode()).isEqualTo(404);
  }

  /**
   * The attack table: every credential that must not pass, on every route, plus valid callers
   * without the scope a route needs. Each is a 401 or 403 problem that produces nothing and shows
   * nothing of what the API holds.
   */
  @Test
  void everyBadCredentialOnEveryRouteIsRefusedAndNothingIsReadOrProduced() throws Exception {
    // What a refusal must never show: an entity's data and a command's outcome.
    String secret = "secret-" + UUID.randomUUID();
    String commandId = "seed-" + UUID.randomUUID();
    String admin = issuer.sign(issuer.claims("admin", AUDIENCE, "*").build());
    String seed =
        """
        {"id": "%s", "type": "customer.upsert", "subject": "c-seed", "data": {"name": "%s"}}
        """
            .formatted(commandId, secret);
    assertThat(
            api.post("/v1/commands", seed, "Authorization", "Bearer " + admin, "Prefer", "wait=20")
                .statusCode())
        .isEqualTo(200);

    Map<String, String[]> routes = new LinkedHashMap<>();
    routes.put("POST /v1/commands", new String[] {"POST", "/v1/commands"});
    routes.put("GET /v1/commands/{id}", new String[] {"GET", "/v1/commands/" + commandId});
    routes.put("GET /v1/entities/customer", new String[] {"GET", "/v1/entities/customer"});
    routes.put(
        "GET /v1/entities/customer/{id}", new String[] {"GET", "/v1/entities/customer/c-seed"});
    routes.put("GET /v1/events", new String[] {"GET", "/v1/events?from=0"});
    routes.put("GET /v1/events (SSE)", new String[] {"SSE", "/v1/events"});

    Map<String, String[]> unauthenticated = new LinkedHashMap<>();
    for (Map.Entry<String, String> t : badTokens().entrySet()) {
      unauthenticated.put(t.getKey(), new String[] {"Authorization", "Bearer " + t.getValue()});
    }
    unauthenticated.put("no credentials", new String[0]);
    unauthenticated.put("Basic credentials", new String[] {"Authorization", "Basic ZXZlOmV2ZQ=="});
    unauthenticated.put("Bearer without a token", new String[] {"Authorization", "Bearer"});
    unauthenticated.put(
        "an unknown API key", new String[] {"X-Api-Key", "key-" + UUID.randomUUID()});
    unauthenticated.put(
        "an API key's hash as the key", new String[] {"X-Api-Key", ApiKeys.hashOf(KEY)});
    unauthenticated.put(
        "an API key as a bearer token", new String[] {"Authorization", "Bearer " + KEY});
    unauthenticated.put(
        "a key and a token at once",
        new String[] {"X-Api-Key", KEY, "Authorization", "Bearer " + admin});

    Map<String, Map.Entry<String[], java.util.Set<String>>> unscoped = new LinkedHashMap<>();
    unscoped.put(
        "a reader of customers",
        Map.entry(
            bearer(issuer.claims("r", AUDIENCE, "entities:read:customer").build()),
            java.util.Set.of(
                "POST /v1/commands",
                "GET /v1/commands/{id}",
                "GET /v1/events",
                "GET /v1/events (SSE)")));
    unscoped.put(
        "a writer of another command type",
        Map.entry(
            bearer(issuer.claims("w", AUDIENCE, "commands:write:customer.delete").build()),
            routes.keySet()));
    unscoped.put(
        "a reader of another entity",
        Map.entry(
            bearer(issuer.claims("o", AUDIENCE, "entities:read:order commands:read").build()),
            java.util.Set.of(
                "POST /v1/commands",
                "GET /v1/entities/customer",
                "GET /v1/entities/customer/{id}",
                "GET /v1/events",
                "GET /v1/events (SSE)")));
    unscoped.put(
        "scopes in the wrong claim",
        Map.entry(
            bearer(issuer.claims("x", AUDIENCE, null).claim("scp", "*").build()), routes.keySet()));

    long before = api.inputRecords();
    int attacks = 0;
    for (var credential : unauthenticated.entrySet()) {
      for (var route : routes.entrySet()) {
        refused(
            route.getValue(),
            credential.getValue(),
            401,
            credential.getKey() + " on " + route.getKey(),
            secret);
        attacks++;
      }
    }
    for (var caller : unscoped.entrySet()) {
      for (String route : caller.getValue().getValue()) {
        refused(
            routes.get(route),
            caller.getValue().getKey(),
            403,
            caller.getKey() + " on " + route,
            secret);
        attacks++;
      }
    }
    assertThat(attacks).as("attacks tried").isGreaterThanOrEqualTo(100);
    assertThat(api.inputRecords()).as("records produced by the attacks").isEqualTo(before);
  }

  private static String[] bearer(com.nimbusds.jwt.JWTClaimsSet claims) throws Exception {
    return new String[] {"Authorization", "Bearer " + issuer.sign(claims)};
  }

  private static void refused(
      String[] route, String[] credential, int status, String attack, String secret)
      throws Exception {
    String body = upsert("c-attack", Map.of());
    HttpResponse<String> r =
        switch (route[0]) {
          case "POST" -> api.post(route[1], body, with(credential, "Prefer", "wait=1"));
          case "SSE" -> api.get(route[1], with(credential, "Accept", "text/event-stream"));
          default -> api.get(route[1], credential);
        };
    assertThat(r.statusCode()).as(attack + ": " + r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .as(attack)
        .hasValue("application/problem+json");
    assertThat(r.body())
        .as(attack)
        .contains("\"status\":" + status)
        .doesNotContain(secret)
        .doesNotContain("\"status\":\"done\"");
  }

  private static String[] with(String[] headers, String... more) {
    String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
    System.arraycopy(more, 0, all, headers.length, more.length);
    return all;
  }

  /** Tokens that must not verify, by what is wrong with them. */
  private static Map<String, String> badTokens() throws Exception {
    String scope = "*";
    Instant now = Instant.now();
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put(
        "expired",
        issuer.sign(
            issuer
                .claims("eve", AUDIENCE, scope)
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(5))))
                .build()));
    tokens.put(
        "not yet valid",
        issuer.sign(
            issuer
                .claims("eve", AUDIENCE, scope)
                .notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .build()));
    tokens.put("another audience", issuer.sign(issuer.claims("eve", "other-api", scope).build()));
    tokens.put(
        "another issuer",
        issuer.sign(issuer.claims("eve", AUDIENCE, scope).issuer("https://evil.example").build()));
    tokens.put(
        "no subject", issuer.sign(issuer.claims("eve", AUDIENCE, scope).subject(null).build()));
    tokens.put(
        "an unpublished key",
        TestIssuer.sign(issuer.claims("eve", AUDIENCE, scope).build(), TestIssuer.newKey()));
    tokens.put(
        "the issuer's key id over another key",
        TestIssuer.sign(
            issuer.claims("eve", AUDIENCE, scope).build(),
            new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
                .keyID(issuer.currentKey().getKeyID())
                .generate()));
    tokens.put("alg none", new PlainJWT(issuer.claims("eve", AUDIENCE, scope).build()).serialize());
    SignedJWT hmac =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuer.currentKey().getKeyID()).build(),
            issuer.claims("eve", AUDIENCE, scope).build());
    hmac.sign(new MACSigner(issuer.currentKey().toPublicJWK().toRSAPublicKey().getEncoded()));
    tokens.put("HMAC keyed with the public key", hmac.serialize());
    tokens.put("garbage", "not.a.token");
    String valid = issuer.sign(issuer.claims("eve", AUDIENCE, "entities:read:customer").build());
    tokens.put("tampered signature", valid.substring(0, valid.length() - 4) + "AAAA");
    String[] parts = valid.split("\\.");
    String forged =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                issuer
                    .claims("eve", AUDIENCE, scope)
                    .build()
                    .toString()
                    .getBytes(StandardCharsets.UTF_8));
    tokens.put("tampered payload (more scopes)", parts[0] + "." + forged + "." + parts[2]);
    tokens.put("no signature", parts[0] + "." + parts[1] + ".");
    return tokens;
  }

  @Test
  void aRotatedSigningKeyIsFetchedWithoutARestart() throws Exception {
    String first = issuer.sign(issuer.claims("carol", AUDIENCE, "entities:read:*").build());
    assertThat(api.get("/v1/entities/customer", "Authorization", "Bearer " + first).statusCode())
        .isEqualTo(200);
    int fetches = issuer.jwksFetches();
    String second =
        TestIssuer.sign(
            issuer.claims("carol", AUDIENCE, "entities:read:*").build(), issuer.rotate());
    // An unknown key id makes the API fetch the JWKS again, rate-limited: wait it out if needed.
    await()
        .atMost(Duration.ofSeconds(45))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                api.get("/v1/entities/customer", "Authorization", "Bearer " + second).statusCode()
                    == 200);
    assertThat(issuer.jwksFetches()).isGreaterThan(fetches);
  }

  @Test
  void apiKeysAuthenticateAndAreRotatedWithoutARestart() throws Exception {
    String id = "key-cmd-" + UUID.randomUUID();
    HttpResponse<String> posted =
        api.post(
            "/v1/commands",
            upsert("c-bot", Map.of("id", id)),
            "X-Api-Key",
            KEY,
            "Prefer",
            "wait=20");
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
    ConsumerRecord<byte[], byte[]> record = produced(id);
    assertThat(header(record, "ce_authtype")).isEqualTo("api_key");
    assertThat(header(record, "ce_authid")).isEqualTo("ci-bot");

    long before = api.inputRecords();
    assertThat(api.get("/v1/entities/customer", "X-Api-Key", "wrong").statusCode()).isEqualTo(401);
    String token = issuer.sign(issuer.claims("dave", AUDIENCE, "*").build());
    assertThat(
            api.get("/v1/entities/customer", "X-Api-Key", KEY, "Authorization", "Bearer " + token)
                .statusCode())
        .as("a key and a token at once")
        .isEqualTo(401);
    assertThat(api.get("/v1/events", "X-Api-Key", KEY).statusCode()).isEqualTo(403);

    String next = "key-" + UUID.randomUUID();
    Files.writeString(keysFile, "ci-bot-2 " + ApiKeys.hashOf(next) + " entities:read:customer\n");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api.get("/v1/entities/customer", "X-Api-Key", next).statusCode() == 200);
    assertThat(api.get("/v1/entities/customer", "X-Api-Key", KEY).statusCode()).isEqualTo(401);
    // A broken file keeps the keys that worked.
    Files.writeString(keysFile, "this is not a keys file\n");
    Thread.sleep(7_000);
    assertThat(api.get("/v1/entities/customer", "X-Api-Key", next).statusCode()).isEqualTo(200);
    assertThat(api.inputRecords()).isEqualTo(before);
  }

  private static String upsert(String subject, Map<String, String> extra) {
    String id = extra.getOrDefault("id", "c-" + UUID.randomUUID());
    return """
        {"id": "%s", "type": "customer.upsert", "subject": "%s", "data": {"name": "N"}}
        """
        .formatted(id, subject);
  }

  private static ConsumerRecord<byte[], byte[]> produced(String commandId) {
    return api.kafka().readAll(api.env().inputTopic(), 0).stream()
        .filter(r -> commandId.equals(header(r, "ce_id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no input record for " + commandId));
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    var h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
