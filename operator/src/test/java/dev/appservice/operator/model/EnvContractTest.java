package dev.appservice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.contract.RuntimeEnv;
import dev.appservice.contract.RuntimeValues;
import dev.appservice.operator.api.v1alpha1.ApiAuthSpec;
import dev.appservice.operator.api.v1alpha1.JwtAuthSpec;
import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import dev.appservice.operator.api.v1alpha1.WorkerSpec;
import dev.appservice.operator.fixtures.AppServices;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Pins the operator side of docs/env-contract.md: exactly these variables, nothing else. */
class EnvContractTest {

  @Test
  void workersGetExactlyTheWorkerVariablesOfTheContract() {
    var app = AppServices.inNamespace(AppServices.minimal("orders"), "shop");
    assertThat(names(EnvContract.worker(app)))
        .containsExactly(
            "APPSERVICE_MODE",
            "APPSERVICE_NAME",
            "KAFKA_BOOTSTRAP_SERVERS",
            "KAFKA_SECURITY_PROTOCOL",
            "KAFKA_MAX_RECORD_BYTES",
            "INPUT_TOPIC",
            "OUTPUT_TOPIC",
            "DATABASE_URL",
            "DATABASE_USER",
            "DATABASE_PASSWORD",
            "DATABASE_SSLMODE",
            "DATABASE_SSLROOTCERT",
            "MANAGEMENT_PORT",
            "HANDLER",
            "DEAD_LETTER_TOPIC",
            "CONSUMER_GROUP",
            "PARTITION");
  }

  @Test
  void apiGetsExactlyTheApiVariablesOfTheContract() {
    var app = AppServices.inNamespace(AppServices.externalDatabase("orders", "orders-db"), "shop");
    assertThat(names(EnvContract.api(app)))
        .containsExactly(
            "APPSERVICE_MODE",
            "APPSERVICE_NAME",
            "KAFKA_BOOTSTRAP_SERVERS",
            "KAFKA_SECURITY_PROTOCOL",
            "KAFKA_MAX_RECORD_BYTES",
            "INPUT_TOPIC",
            "OUTPUT_TOPIC",
            "DATABASE_URL",
            "DATABASE_HOST",
            "DATABASE_PORT",
            "DATABASE_NAME",
            "DATABASE_USER",
            "DATABASE_PASSWORD",
            "DATABASE_SSLMODE",
            "DATABASE_SSLROOTCERT",
            "MANAGEMENT_PORT",
            "HANDLER",
            "DATABASE_POOL_SIZE",
            "HTTP_PORT",
            "API_AUTH_API_KEYS_FILE");
  }

  @Test
  void apiAuthenticationFollowsTheSpecAndMountsOnlyTheKeysSecret() {
    var app = AppServices.inNamespace(AppServices.minimal("orders"), "shop");
    var jwt = new JwtAuthSpec();
    jwt.setIssuer("https://login.example.com/realms/shop");
    jwt.setAudience("orders-api");
    jwt.setScopesClaim("scp");
    app.getSpec().getApi().getAuth().setJwt(jwt);

    var env = EnvContract.api(app);
    assertThat(values(env).get("API_AUTH_JWT_ISSUER"))
        .isEqualTo("https://login.example.com/realms/shop");
    assertThat(values(env).get("API_AUTH_JWT_AUDIENCE")).isEqualTo("orders-api");
    assertThat(values(env).get("API_AUTH_JWT_SCOPES_CLAIM")).isEqualTo("scp");
    assertThat(values(env).get("API_AUTH_API_KEYS_FILE")).isEqualTo(EnvContract.API_KEYS_FILE);
    assertThat(names(env)).doesNotContain("API_AUTH_ANONYMOUS", "API_AUTH_JWT_JWKS_URI");
    assertThat(names(EnvContract.worker(app))).noneMatch(n -> n.startsWith("API_AUTH_"));

    var pod = Api.deployment(app).getSpec().getTemplate().getSpec();
    var keys =
        pod.getVolumes().stream().filter(v -> v.getName().equals("api-keys")).findFirst().get();
    assertThat(keys.getSecret().getSecretName()).isEqualTo("orders-api-keys");
    assertThat(keys.getSecret().getItems())
        .singleElement()
        .satisfies(i -> assertThat(i.getKey()).isEqualTo("keys"))
        .satisfies(i -> assertThat(i.getPath()).isEqualTo("keys"));
    assertThat(pod.getContainers().getFirst().getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo(EnvContract.API_KEYS_DIR);
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(Workers.statefulSet(app).getSpec().getTemplate().getSpec().getVolumes())
        .noneMatch(v -> v.getName().equals("api-keys"));

    var open = new ApiAuthSpec();
    open.setAnonymous(true);
    app.getSpec().getApi().setAuth(open);
    assertThat(values(EnvContract.api(app)).get("API_AUTH_ANONYMOUS")).isEqualTo("true");
    assertThat(names(EnvContract.api(app))).doesNotContain("API_AUTH_API_KEYS_FILE");
  }

  @Test
  void valuesFollowTheSpec() {
    var app = AppServices.inNamespace(AppServices.minimal("orders"), "shop");
    app.getSpec().getWorker().setBatchMaxRecords(500);
    app.getSpec().getWorker().setCommandRetention("30d");
    var env = values(EnvContract.worker(app));
    assertThat(env)
        .containsEntry("APPSERVICE_MODE", "worker")
        .containsEntry("APPSERVICE_NAME", "orders")
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "my-cluster-kafka-bootstrap.shop.svc:9092")
        .containsEntry("KAFKA_SECURITY_PROTOCOL", "PLAINTEXT")
        .containsEntry("INPUT_TOPIC", "orders.commands")
        .containsEntry("OUTPUT_TOPIC", "orders.events")
        .containsEntry("DEAD_LETTER_TOPIC", "orders.commands.dlq")
        .containsEntry("CONSUMER_GROUP", "orders-worker")
        .doesNotContainKey("PARTITIONS")
        .containsEntry("HANDLER", "document")
        .containsEntry("BATCH_MAX_RECORDS", "500")
        .containsEntry("COMMAND_RETENTION", "30d")
        .containsEntry("MANAGEMENT_PORT", "9090");
    assertThat(names(EnvContract.api(app))).doesNotContain("COMMAND_RETENTION");
  }

  @Test
  void partitionComesFromThePodIndexLabel() {
    var app = AppServices.inNamespace(AppServices.minimal("orders"), "shop");
    var partition =
        EnvContract.worker(app).stream().filter(e -> e.getName().equals("PARTITION")).findFirst();
    assertThat(partition.get().getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");
  }

  @Test
  void databaseCredentialsComeFromTheCloudNativePGAppSecret() {
    var app = AppServices.inNamespace(AppServices.minimal("orders"), "shop");
    var url =
        EnvContract.worker(app).stream()
            .filter(e -> e.getName().equals("DATABASE_URL"))
            .findFirst();
    assertThat(url.get().getValueFrom().getSecretKeyRef().getName()).isEqualTo("orders-db-app");
    assertThat(url.get().getValueFrom().getSecretKeyRef().getKey()).isEqualTo("uri");
  }

  @Test
  void cloudNativePGIsVerifiedAgainstItsServerCaAndAnExternalDatabaseAsItsSecretSays() {
    var app = AppServices.inNamespace(AppServices.minimal("orders"), "shop");
    assertThat(values(EnvContract.worker(app)))
        .containsEntry("DATABASE_SSLMODE", "verify-full")
        .containsEntry("DATABASE_SSLROOTCERT", "/etc/appservice/database-ca/ca.crt");
    var pod = Workers.statefulSet(app).getSpec().getTemplate().getSpec();
    var volume =
        pod.getVolumes().stream().filter(v -> v.getName().equals("database-ca")).findFirst();
    assertThat(volume.get().getSecret().getSecretName()).isEqualTo("orders-db-ca");
    // Only the certificate, never the CA's key that the same Secret holds.
    assertThat(volume.get().getSecret().getItems())
        .singleElement()
        .satisfies(i -> assertThat(i.getKey()).isEqualTo("ca.crt"));
    assertThat(volume.get().getSecret().getOptional()).isNull();
    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/appservice/database-ca");
              assertThat(m.getReadOnly()).isTrue();
            });

    var external =
        AppServices.inNamespace(AppServices.externalDatabase("orders", "orders-db"), "shop");
    var mode =
        EnvContract.api(external).stream()
            .filter(e -> e.getName().equals("DATABASE_SSLMODE"))
            .findFirst()
            .orElseThrow();
    assertThat(mode.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sslmode");
    assertThat(mode.getValueFrom().getSecretKeyRef().getOptional()).isTrue();
    var externalCa =
        Api.deployment(external).getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals("database-ca"))
            .findFirst()
            .orElseThrow();
    assertThat(externalCa.getSecret().getSecretName()).isEqualTo("orders-db");
    assertThat(externalCa.getSecret().getOptional()).isTrue();
  }

  @Test
  void scramAuthenticationAddsSaslSettingsFromTheKafkaUserSecret() {
    var app = AppServices.inNamespace(AppServices.minimal("orders"), "shop");
    app.getSpec().getKafka().setAuthentication(KafkaAuthentication.SCRAM_SHA_512);
    var env = EnvContract.worker(app);
    assertThat(values(env))
        .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
        .containsEntry("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512")
        .containsEntry("KAFKA_CA_CERT_FILE", "/etc/kafka/ca/ca.crt")
        .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "my-cluster-kafka-bootstrap.shop.svc:9093");
    var jaas = env.stream().filter(e -> e.getName().equals("KAFKA_SASL_JAAS_CONFIG")).findFirst();
    assertThat(jaas.get().getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("orders-worker-kafka-user");
    assertThat(jaas.get().getValueFrom().getSecretKeyRef().getKey()).isEqualTo("sasl.jaas.config");
  }

  @Test
  void tlsAuthenticationPointsAtTheMountedUserCertificate() {
    var app = AppServices.inNamespace(AppServices.minimal("orders"), "shop");
    app.getSpec().getKafka().setAuthentication(KafkaAuthentication.TLS);
    assertThat(values(EnvContract.api(app)))
        .containsEntry("KAFKA_SECURITY_PROTOCOL", "SSL")
        .containsEntry("KAFKA_USER_CERT_FILE", "/etc/kafka/user/user.crt")
        .containsEntry("KAFKA_USER_KEY_FILE", "/etc/kafka/user/user.key");
  }

  @Test
  void corsOriginsReachTheApiOnly() {
    var app = AppServices.inNamespace(AppServices.minimal("orders"), "shop");
    assertThat(names(EnvContract.api(app))).doesNotContain("CORS_ALLOWED_ORIGINS");
    app.getSpec()
        .getApi()
        .setCorsAllowedOrigins(List.of("https://ui.example.com", "http://x:3000"));
    assertThat(values(EnvContract.api(app)))
        .containsEntry("CORS_ALLOWED_ORIGINS", "https://ui.example.com,http://x:3000");
    assertThat(names(EnvContract.worker(app))).doesNotContain("CORS_ALLOWED_ORIGINS");
  }

  @Test
  void everyVariableTheOperatorSetsIsDocumented() throws IOException {
    Set<String> documented = documentedVariables();
    var app = AppServices.inNamespace(AppServices.minimal("orders"), "shop");
    app.getSpec().getWorker().setBatchMaxRecords(500);
    app.getSpec().getApi().setCorsAllowedOrigins(List.of("*"));
    for (var auth : KafkaAuthentication.values()) {
      app.getSpec().getKafka().setAuthentication(auth);
      assertThat(names(EnvContract.worker(app))).isSubsetOf(documented);
      assertThat(names(EnvContract.api(app))).isSubsetOf(documented);
    }
  }

  @Test
  void everyVariableTheOperatorSetsIsAConstantOfTheContract() {
    var app = AppServices.inNamespace(AppServices.minimal("orders"), "shop");
    app.getSpec().getWorker().setBatchMaxRecords(500);
    app.getSpec().getWorker().setCommandRetention("30d");
    app.getSpec().getApi().setCorsAllowedOrigins(List.of("*"));
    for (var auth : KafkaAuthentication.values()) {
      app.getSpec().getKafka().setAuthentication(auth);
      assertThat(names(EnvContract.worker(app))).isSubsetOf(contractConstants());
      assertThat(names(EnvContract.api(app))).isSubsetOf(contractConstants());
    }
    var external =
        AppServices.inNamespace(AppServices.externalDatabase("orders", "orders-db"), "shop");
    assertThat(names(EnvContract.api(external))).isSubsetOf(contractConstants());
    assertThat(values(EnvContract.worker(app)))
        .containsEntry(RuntimeEnv.APPSERVICE_MODE, RuntimeValues.MODE_WORKER)
        .containsEntry(RuntimeEnv.HANDLER, RuntimeValues.DEFAULT_HANDLER)
        .containsEntry(RuntimeEnv.MANAGEMENT_PORT, Integer.toString(RuntimeValues.MANAGEMENT_PORT));
    assertThat(values(EnvContract.api(app)))
        .containsEntry(RuntimeEnv.APPSERVICE_MODE, RuntimeValues.MODE_API);
  }

  /** spec.worker.env cannot override a variable of the contract, current or added later. */
  @Test
  void theWorkerEnvRuleReservesEveryContractVariable() throws NoSuchFieldException {
    String rule =
        WorkerSpec.class.getDeclaredField("env").getAnnotation(ValidationRule.class).value();
    var prefixes = new HashSet<String>();
    var startsWith = Pattern.compile("startsWith\\('([A-Z_]+)'\\)").matcher(rule);
    while (startsWith.find()) {
      prefixes.add(startsWith.group(1));
    }
    var listed = new HashSet<String>();
    var inList = Pattern.compile("e\\.name in \\[([^\\]]*)\\]").matcher(rule);
    assertThat(inList.find()).as(rule).isTrue();
    for (String quoted : inList.group(1).split(",")) {
      listed.add(quoted.trim().replace("'", ""));
    }
    assertThat(prefixes).as(rule).isNotEmpty();
    assertThat(contractConstants())
        .allSatisfy(
            name ->
                assertThat(listed.contains(name) || prefixes.stream().anyMatch(name::startsWith))
                    .as(name + " reserved by " + rule)
                    .isTrue());
  }

  /** Every variable name of the contract (the String constants of RuntimeEnv). */
  private static Set<String> contractConstants() {
    var names = new HashSet<String>();
    for (var field : RuntimeEnv.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        try {
          names.add((String) field.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    assertThat(names).hasSizeGreaterThan(20);
    return names;
  }

  /** The variable names in the table of docs/env-contract.md (first column, in backticks). */
  private static Set<String> documentedVariables() throws IOException {
    var names = new HashSet<String>();
    var backticked = Pattern.compile("`([A-Z][A-Z0-9_]+)`");
    for (String line : Files.readAllLines(Path.of("..", "docs", "env-contract.md"))) {
      if (line.startsWith("| `")) {
        var matcher = backticked.matcher(line.split("\\|")[1]);
        while (matcher.find()) {
          names.add(matcher.group(1));
        }
      }
    }
    assertThat(names).as("variables parsed from docs/env-contract.md").hasSizeGreaterThan(20);
    return names;
  }

  private static List<String> names(List<EnvVar> env) {
    return env.stream().map(EnvVar::getName).toList();
  }

  private static Map<String, String> values(List<EnvVar> env) {
    return env.stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
