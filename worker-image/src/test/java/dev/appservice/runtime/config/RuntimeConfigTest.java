package dev.appservice.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeConfigTest {

  private static Map<String, String> worker() {
    Map<String, String> env = new HashMap<>();
    env.put("APPSERVICE_MODE", "worker");
    env.put("APPSERVICE_NAME", "customers");
    env.put("KAFKA_BOOTSTRAP_SERVERS", "my-cluster-kafka-bootstrap.kafka:9092");
    env.put("INPUT_TOPIC", "customers.commands");
    env.put("OUTPUT_TOPIC", "customers.events");
    env.put("PARTITIONS", "6");
    env.put("PARTITION", "2");
    env.put("DATABASE_URL", "postgresql://app:s%40cret@customers-db-rw:5432/app?sslmode=require");
    return env;
  }

  private static RuntimeConfig parse(Map<String, String> env) {
    return RuntimeConfig.fromEnv(env, Optional.empty());
  }

  @Test
  void minimalWorkerEnvironmentGetsTheDocumentedDefaults() {
    RuntimeConfig config = parse(worker());

    assertThat(config.mode()).isEqualTo(Mode.WORKER);
    assertThat(config.partition()).isEqualTo(OptionalInt.of(2));
    assertThat(config.deadLetterTopic()).isEqualTo("customers.commands.dlq");
    assertThat(config.consumerGroup()).isEqualTo("customers-worker");
    assertThat(config.handler()).isEqualTo("document");
    assertThat(config.batchMaxRecords()).isEqualTo(2000);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.managementPort()).isEqualTo(9090);
    assertThat(config.kafka().securityProtocol()).isEqualTo("PLAINTEXT");
    assertThat(config.corsAllowedOrigins()).isEmpty();
    assertThat(config.commandRetention()).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void commandRetentionIsANumberWithAUnitOrZeroForForever() {
    Map<String, String> env = worker();
    env.put("COMMAND_RETENTION", "12h");
    assertThat(parse(env).commandRetention()).isEqualTo(Duration.ofHours(12));
    env.put("COMMAND_RETENTION", "30s");
    assertThat(parse(env).commandRetention()).isEqualTo(Duration.ofSeconds(30));
    env.put("COMMAND_RETENTION", "90m");
    assertThat(parse(env).commandRetention()).isEqualTo(Duration.ofMinutes(90));
    env.put("COMMAND_RETENTION", "99999d");
    assertThat(parse(env).commandRetention()).isEqualTo(Duration.ofDays(99999));
    env.put("COMMAND_RETENTION", "0");
    assertThat(parse(env).commandRetention()).isZero();

    for (String bad : new String[] {"7 days", "-1d", "1w", "P7D", "07d", "100000d"}) {
      env.put("COMMAND_RETENTION", bad);
      assertThatThrownBy(() -> parse(env))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("COMMAND_RETENTION must be a number with a unit");
    }
  }

  @Test
  void corsOriginsAreAListOfOriginsOrAStar() {
    Map<String, String> env = worker();
    env.put("CORS_ALLOWED_ORIGINS", " https://ui.example.com, http://localhost:3000 ");
    assertThat(parse(env).corsAllowedOrigins())
        .containsExactly("https://ui.example.com", "http://localhost:3000");
    env.put("CORS_ALLOWED_ORIGINS", "*");
    assertThat(parse(env).corsAllowedOrigins()).containsExactly("*");

    env.put("CORS_ALLOWED_ORIGINS", "https://ui.example.com/app,ftp://x,*");
    assertThatThrownBy(() -> parse(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContainingAll(
            "CORS_ALLOWED_ORIGINS is either '*' or a list of origins",
            "got 'https://ui.example.com/app'",
            "got 'ftp://x'");
  }

  @Test
  void postgresUrlIsTurnedIntoJdbcUrlAndCredentials() {
    DatabaseSettings db = parse(worker()).database();

    assertThat(db.jdbcUrl())
        .isEqualTo("jdbc:postgresql://customers-db-rw:5432/app?sslmode=require");
    assertThat(db.user()).isEqualTo("app");
    assertThat(db.password()).isEqualTo("s@cret");
    assertThat(db.toString()).doesNotContain("s@cret");
  }

  @Test
  void databaseTlsSettingsWinOverTheUrlsAndNeedTheCaToVerify(@TempDir Path dir) throws Exception {
    Map<String, String> env = worker();
    Path ca = Files.writeString(dir.resolve("ca.crt"), "PEM");
    env.put("DATABASE_SSLMODE", "verify-full");
    env.put("DATABASE_SSLROOTCERT", ca.toString());
    assertThat(parse(env).database().jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://customers-db-rw:5432/app?sslmode=verify-full&sslrootcert="
                + java.net.URLEncoder.encode(
                    ca.toString(), java.nio.charset.StandardCharsets.UTF_8));

    // A CA file the Secret does not hold is not mounted: without verification it is left out.
    env.put("DATABASE_SSLMODE", "require");
    env.put("DATABASE_SSLROOTCERT", dir.resolve("absent.crt").toString());
    assertThat(parse(env).database().jdbcUrl())
        .isEqualTo("jdbc:postgresql://customers-db-rw:5432/app?sslmode=require");
    env.put("DATABASE_SSLMODE", "verify-ca");
    assertThatThrownBy(() -> parse(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DATABASE_SSLROOTCERT names no readable file");
    env.put("DATABASE_SSLMODE", "strict");
    assertThatThrownBy(() -> parse(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("DATABASE_SSLMODE must be one of");
  }

  @Test
  void partitionsIsOptionalAndOnlyBoundsThePartitionWhenSet() {
    Map<String, String> env = worker();
    env.remove("PARTITIONS");
    env.put("PARTITION", "41");
    assertThat(parse(env).ownedPartition()).isEqualTo(41);
  }

  @Test
  void databasePartsAreUsedWhenThereIsNoUrl() {
    Map<String, String> env = worker();
    env.remove("DATABASE_URL");
    env.putAll(
        Map.of(
            "DATABASE_HOST",
            "db",
            "DATABASE_NAME",
            "app",
            "DATABASE_USER",
            "u",
            "DATABASE_PASSWORD",
            "p"));

    assertThat(parse(env).database())
        .isEqualTo(new DatabaseSettings("jdbc:postgresql://db:5432/app", "u", "p"));
  }

  @Test
  void jdbcUrlTakesCredentialsFromTheirOwnVariables() {
    Map<String, String> env = worker();
    env.put("DATABASE_URL", "jdbc:postgresql://db:5433/app");
    env.put("DATABASE_USER", "u");
    env.put("DATABASE_PASSWORD", "p");

    assertThat(parse(env).database())
        .isEqualTo(new DatabaseSettings("jdbc:postgresql://db:5433/app", "u", "p"));
  }

  @Test
  void everyMissingVariableIsNamedAtOnce() {
    assertThatThrownBy(() -> parse(Map.of("APPSERVICE_MODE", "worker")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContainingAll(
            "APPSERVICE_NAME is required",
            "KAFKA_BOOTSTRAP_SERVERS is required",
            "INPUT_TOPIC is required",
            "OUTPUT_TOPIC is required",
            "PARTITION is required",
            "DATABASE_HOST is required");
  }

  @Test
  void malformedValuesAreRejectedWithTheVariableName() {
    Map<String, String> env = worker();
    env.put("PARTITION", "6");
    env.put("BATCH_MAX_RECORDS", "lots");
    env.put("INPUT_TOPIC", "bad topic!");
    env.put("KAFKA_BOOTSTRAP_SERVERS", "no-port");
    env.put("KAFKA_SECURITY_PROTOCOL", "TLS");
    env.put("MANAGEMENT_PORT", "70000");
    env.put("DATABASE_URL", "mysql://db/app");

    assertThatThrownBy(() -> parse(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContainingAll(
            "PARTITION must be lower than PARTITIONS (6), got 6",
            "BATCH_MAX_RECORDS must be an integer, got 'lots'",
            "INPUT_TOPIC must be a valid Kafka topic name",
            "KAFKA_BOOTSTRAP_SERVERS must be host:port",
            "KAFKA_SECURITY_PROTOCOL must be one of",
            "MANAGEMENT_PORT must be between 0 and 65535",
            "DATABASE_URL must start with postgresql://");
  }

  @Test
  void aMalformedDatabaseUrlIsReportedWithoutItsPassword() {
    Map<String, String> env = worker();
    env.put("DATABASE_URL", "postgresql://app:top secret@db/app");

    assertThatThrownBy(() -> parse(env))
        .hasMessageContaining("DATABASE_URL is not a valid URL")
        .hasMessageNotContaining("secret");
  }

  @Test
  void saslNeedsMechanismAndJaasConfig() {
    Map<String, String> env = worker();
    env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");

    assertThatThrownBy(() -> parse(env))
        .hasMessageContaining("KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG are required");

    env.put("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
    env.put(
        "KAFKA_SASL_JAAS_CONFIG",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    assertThat(parse(env).kafka().clientProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
  }

  @Test
  void tlsFilesMustExistAndComeInPairs(@TempDir Path dir) throws Exception {
    Map<String, String> env = worker();
    Path cert = Files.writeString(dir.resolve("user.crt"), "CERT");
    env.put("KAFKA_SECURITY_PROTOCOL", "SSL");
    env.put("KAFKA_USER_CERT_FILE", cert.toString());
    env.put("KAFKA_CA_CERT_FILE", dir.resolve("missing.crt").toString());

    assertThatThrownBy(() -> parse(env))
        .hasMessageContainingAll(
            "KAFKA_CA_CERT_FILE points to",
            "which is not a readable file",
            "KAFKA_USER_CERT_FILE and KAFKA_USER_KEY_FILE must be set together");

    env.put("KAFKA_USER_KEY_FILE", Files.writeString(dir.resolve("user.key"), "KEY").toString());
    env.put("KAFKA_CA_CERT_FILE", Files.writeString(dir.resolve("ca.crt"), "CA").toString());
    assertThat(parse(env).kafka().clientProperties())
        .containsEntry("ssl.truststore.type", "PEM")
        .containsEntry("ssl.truststore.certificates", "CA")
        .containsEntry("ssl.keystore.certificate.chain", "CERT")
        .containsEntry("ssl.keystore.key", "KEY");
  }

  @Test
  void modeArgumentWinsOverTheVariable() {
    Map<String, String> env = worker();
    env.remove("PARTITION");
    env.put("API_AUTH_ANONYMOUS", "true");

    RuntimeConfig config = RuntimeConfig.fromEnv(env, Optional.of("api"));

    assertThat(config.mode()).isEqualTo(Mode.API);
    assertThat(config.partition()).isEmpty();
  }

  @Test
  void unknownModeIsRejected() {
    Map<String, String> env = worker();
    env.put("APPSERVICE_MODE", "batch");

    assertThatThrownBy(() -> parse(env))
        .hasMessageContaining("APPSERVICE_MODE must be 'worker' or 'api', got 'batch'");
  }

  @Test
  void theApiRefusesToStartWithoutAWayToAuthenticate() {
    Map<String, String> env = worker();
    env.put("APPSERVICE_MODE", "api");

    assertThatThrownBy(() -> parse(env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the API needs a way to authenticate its callers")
        .hasMessageContaining("API_AUTH_ANONYMOUS=true");

    env.put("API_AUTH_API_KEYS_FILE", "/etc/appservice/api-keys");
    AuthSettings auth = parse(env).auth();
    assertThat(auth.apiKeysFile()).hasValue(Path.of("/etc/appservice/api-keys"));
    assertThat(auth.anonymous()).isFalse();
    assertThat(auth.jwt()).isEmpty();
  }

  @Test
  void bearerTokensNeedAnHttpsIssuerAndAnAudience() {
    Map<String, String> env = worker();
    env.put("APPSERVICE_MODE", "api");
    env.put("API_AUTH_JWT_ISSUER", "http://issuer.example/realms/shop");

    assertThatThrownBy(() -> parse(env))
        .hasMessageContaining("API_AUTH_JWT_ISSUER and API_AUTH_JWT_AUDIENCE are set together");
    env.put("API_AUTH_JWT_AUDIENCE", "shop-api");
    assertThatThrownBy(() -> parse(env))
        .hasMessageContaining("API_AUTH_JWT_ISSUER must be an https URL");
    env.put("API_AUTH_ANONYMOUS", "yes");
    assertThatThrownBy(() -> parse(env))
        .hasMessageContaining("API_AUTH_ANONYMOUS must be true or false, got 'yes'");

    env.put("API_AUTH_JWT_ISSUER", "https://issuer.example/realms/shop");
    env.put("API_AUTH_ANONYMOUS", "false");
    AuthSettings.Jwt jwt = parse(env).auth().jwt().orElseThrow();
    assertThat(jwt.issuer()).hasToString("https://issuer.example/realms/shop");
    assertThat(jwt.audience()).isEqualTo("shop-api");
    assertThat(jwt.jwksUri()).isEmpty();
    assertThat(jwt.scopesClaim()).isEqualTo("scope");
  }

  @Test
  void theWorkerNeedsNoAuthentication() {
    assertThat(parse(worker()).auth().authenticates()).isFalse();
  }
}
