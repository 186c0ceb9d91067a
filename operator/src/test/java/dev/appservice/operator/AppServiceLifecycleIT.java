package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.v1alpha1.ApiAuthSpec;
import dev.appservice.operator.api.v1alpha1.ApiKeysSpec;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.ExternalDatabaseSpec;
import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import dev.appservice.operator.api.v1alpha1.SecretReference;
import dev.appservice.operator.fixtures.AppServices;
import dev.appservice.operator.fixtures.OtherOperators;
import dev.appservice.operator.fixtures.RunningOperator;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.model.PodTemplates;
import dev.appservice.operator.status.Conditions;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** From an applied AppService to Ready=True, with the other operators simulated by status. */
class AppServiceLifecycleIT {

  @RegisterExtension static final TestCluster cluster = new TestCluster();
  static String kafkaNamespace;
  static RunningOperator operator;
  static OtherOperators others;

  @BeforeAll
  static void start() {
    TestCrds.install(cluster.client());
    kafkaNamespace = cluster.namespace() + "-kafka";
    cluster
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(kafkaNamespace).endMetadata().build())
        .create();
    operator = RunningOperator.start(cluster.server().adminConfig(), cluster.namespace());
    others = new OtherOperators(cluster.client());
  }

  @AfterAll
  static void stop() {
    operator.close();
    cluster.client().namespaces().withName(kafkaNamespace).delete();
  }

  @Test
  void appliedAppServiceBecomesReadyOnceTopicsAndDatabaseAre() {
    var app = AppServices.inNamespace(AppServices.minimal("orders"), cluster.namespace());
    app.getSpec().getKafka().setNamespace(kafkaNamespace);
    app.getSpec().getInput().setReplicas(3);
    app.getSpec().getInput().getConfig().put("retention.ms", "604800000");
    client().resource(app).create();

    var input = await().until(() -> topic("input"), t -> t != null);
    assertThat(input.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "my-cluster");
    assertThat(input.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(input.getSpec().getTopicName()).isEqualTo("orders.commands");
    assertThat(input.getSpec().getPartitions()).isEqualTo(3);
    assertThat(input.getSpec().getReplicas()).isEqualTo(3);
    assertThat(input.getSpec().getConfig()).containsEntry("retention.ms", "604800000");
    await().until(() -> topic("output") != null && topic("dlq") != null);
    var db = await().until(() -> get(Cluster.class, "orders-db"), c -> c != null);
    assertThat(db.getSpec().storage().size()).isEqualTo("1Gi");
    assertThat(db.getSpec().bootstrap().initdb().owner()).isEqualTo("app");
    await().until(() -> get(NetworkPolicy.class, "orders-db") != null);
    await()
        .until(
            () ->
                get(Service.class, "orders-worker") != null
                    && get(Service.class, "orders-api") != null);
    await().until(() -> get(PodDisruptionBudget.class, "orders-worker") != null);

    // Workers and API wait for topics and database.
    await()
        .until(
            () -> condition(Conditions.TOPICS_READY),
            c -> c != null && c.getStatus().equals("False"));
    assertThat(get(StatefulSet.class, "orders-worker")).isNull();
    assertThat(get(Deployment.class, "orders-api")).isNull();

    others.topicsReport(kafkaNamespace, "True", null, null);
    others.databaseReady(cluster.namespace(), "orders-db");
    var workers = await().until(() -> get(StatefulSet.class, "orders-worker"), s -> s != null);
    assertThat(workers.getSpec().getReplicas()).isEqualTo(3);
    await().until(() -> get(Deployment.class, "orders-api") != null);

    others.workersRunning(cluster.namespace(), "orders-worker");
    others.apiRunning(cluster.namespace(), "orders-api");
    await()
        .until(() -> condition(Conditions.READY), c -> c != null && c.getStatus().equals("True"));
    var status = client().resources(AppService.class).withName("orders").get().getStatus();
    assertThat(status.getReadyWorkers()).isEqualTo(3);
    assertThat(status.getObservedGeneration()).isEqualTo(1L);
    assertThat(status.getDatabaseSecret()).isEqualTo("orders-db-app");

    // A topic the Topic Operator cannot reconcile: Ready=False with its reason; nothing deleted.
    others.topicReports(
        topic("input"), "False", "NotSupported", "Decreasing partitions not supported");
    await().until(() -> condition(Conditions.READY), c -> "NotSupported".equals(c.getReason()));
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                topic("input") != null
                    && get(StatefulSet.class, "orders-worker") != null
                    && get(Deployment.class, "orders-api") != null);
    assertThat(condition(Conditions.TOPICS_READY).getMessage())
        .contains("Decreasing partitions not supported");
    assertThat(client().v1().events().inNamespace(cluster.namespace()).list().getItems())
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("NotSupported");
              assertThat(e.getInvolvedObject().getName()).isEqualTo("orders");
            });
    others.topicReports(topic("input"), "True", null, null);
    await().until(() -> condition(Conditions.READY), c -> "True".equals(c.getStatus()));

    // Switching to an external database is refused (the new one would start empty): the
    // CloudNativePG cluster and the workers on it stay as they are.
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                client()
                    .resources(AppService.class)
                    .withName("orders")
                    .edit(
                        a -> {
                          a.getSpec().getDatabase().setCloudNativePG(null);
                          var external = new ExternalDatabaseSpec();
                          external.setSecretRef(new SecretReference("orders-external-db"));
                          a.getSpec().getDatabase().setExternal(external);
                          return a;
                        }))
        .hasMessageContaining("cannot change on a running AppService");
    assertThat(get(Cluster.class, "orders-db")).isNotNull();
    assertThat(databaseSecretOfWorkers()).isEqualTo("orders-db-app");
    // CloudNativePG writes the app Secret (played here).
    client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("orders-db-app")
                .endMetadata()
                .addToStringData("uri", "postgresql://orders-db-rw:5432/app")
                .build())
        .serverSideApply();

    // A rotated database password rolls workers and API (the runtime reads it at start). Nothing
    // watches that Secret: the periodic resync notices its new version.
    String workersVersion =
        await()
            .until(() -> databaseSecretVersion(StatefulSet.class, "orders-worker"), v -> v != null);
    String apiVersion =
        await().until(() -> databaseSecretVersion(Deployment.class, "orders-api"), v -> v != null);
    client()
        .secrets()
        .withName("orders-db-app")
        .edit(
            secret -> {
              secret.setData(null);
              secret.setStringData(
                  Map.of("uri", "postgresql://orders-db-rw:5432/app", "password", "rotated"));
              return secret;
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> databaseSecretVersion(StatefulSet.class, "orders-worker"),
            v -> !workersVersion.equals(v));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> databaseSecretVersion(Deployment.class, "orders-api"),
            v -> !apiVersion.equals(v));
    // A Secret that goes away keeps the running pods as they are.
    String rotated = databaseSecretVersion(StatefulSet.class, "orders-worker");
    client().secrets().withName("orders-db-app").delete();
    await()
        .during(Duration.ofSeconds(8))
        .atMost(Duration.ofSeconds(15))
        .until(() -> rotated.equals(databaseSecretVersion(StatefulSet.class, "orders-worker")));
  }

  private static String databaseSecretVersion(Class<? extends HasMetadata> kind, String name) {
    return templateAnnotation(kind, name, PodTemplates.DATABASE_SECRET_VERSION);
  }

  /** An annotation of a workload's pod template, or null (also while there is no workload). */
  private static String templateAnnotation(
      Class<? extends HasMetadata> kind, String name, String annotation) {
    HasMetadata workload = get(kind, name);
    if (workload == null) {
      return null;
    }
    var template =
        workload instanceof StatefulSet sts
            ? sts.getSpec().getTemplate()
            : ((Deployment) workload).getSpec().getTemplate();
    return template.getMetadata().getAnnotations().get(annotation);
  }

  private static String databaseSecretOfWorkers() {
    return get(StatefulSet.class, "orders-worker")
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0)
        .getEnv()
        .stream()
        .filter(e -> e.getName().equals("DATABASE_URL"))
        .findFirst()
        .orElseThrow()
        .getValueFrom()
        .getSecretKeyRef()
        .getName();
  }

  /**
   * The database's connections follow the AppService: a CloudNativePG cluster gets max_connections
   * for its workers and API replicas, and an external database whose budget cannot hold them is
   * reported, with the numbers, until the budget is raised.
   */
  @Test
  void theDatabaseIsSizedForTheAppServiceAndATooSmallBudgetIsReported() {
    var sized = AppServices.inNamespace(AppServices.minimal("sized"), cluster.namespace());
    sized.getSpec().getKafka().setNamespace(kafkaNamespace);
    sized.getSpec().setPartitions(40);
    sized.getSpec().getApi().setReplicas(3);
    client().resource(sized).create();
    var db = await().until(() -> get(Cluster.class, "sized-db"), c -> c != null);
    assertThat(db.getSpec().postgresql().parameters()).containsEntry("max_connections", "300");

    client()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("budget-db")
                .endMetadata()
                .addToStringData("uri", "postgresql://db.example.com:5432/budget")
                .build())
        .serverSideApply();
    var budget =
        AppServices.inNamespace(
            AppServices.externalDatabase("budget", "budget-db"), cluster.namespace());
    budget.getSpec().getKafka().setNamespace(kafkaNamespace);
    budget.getSpec().setPartitions(40);
    budget.getSpec().getApi().setReplicas(3);
    budget.getSpec().getDatabase().getExternal().setMaxConnections(170);
    client().resource(budget).create();

    var ready =
        await()
            .until(
                () -> conditionOf("budget", Conditions.DATABASE_READY),
                c -> c != null && c.getStatus().equals("False"));
    assertThat(ready.getReason()).isEqualTo("ConnectionBudgetTooSmall");
    assertThat(ready.getMessage()).contains("maxConnections is 170", "at least 176");
    // Ready names the first part that is not ready: here the topics, which no Topic Operator
    // reports on in this test.
    assertThat(conditionOf("budget", Conditions.READY).getStatus()).isEqualTo("False");
    awaitWarning("budget", "ConnectionBudgetTooSmall");

    client()
        .resources(AppService.class)
        .withName("budget")
        .edit(
            a -> {
              a.getSpec().getDatabase().getExternal().setMaxConnections(200);
              return a;
            });
    await()
        .until(
            () -> conditionOf("budget", Conditions.DATABASE_READY),
            c -> c != null && c.getStatus().equals("True"));
    // The API waits for its topics (the Topic Operator is played here).
    await()
        .until(
            () ->
                client()
                        .resources(KafkaTopic.class)
                        .inNamespace(kafkaNamespace)
                        .list()
                        .getItems()
                        .stream()
                        .filter(t -> t.getMetadata().getName().contains(".budget."))
                        .count()
                    == 3);
    others.topicsReport(kafkaNamespace, "True", null, null);
    await().until(() -> get(Deployment.class, "budget-api") != null);
    // (200 - 160 for the workers) / 4 API replicas in a rollout - 2 sessions.
    await()
        .untilAsserted(
            () ->
                assertThat(
                        get(Deployment.class, "budget-api")
                            .getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .getFirst()
                            .getEnv())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getName()).isEqualTo("DATABASE_POOL_SIZE");
                          assertThat(e.getValue()).isEqualTo("8");
                        }));
    client().resources(AppService.class).withName("budget").delete();
    client().resources(AppService.class).withName("sized").delete();
  }

  @Test
  void anAnonymousApiIsReportedByAConditionAndAWarning() {
    var app = AppServices.inNamespace(AppServices.minimal("open"), cluster.namespace());
    app.getSpec().getKafka().setNamespace(kafkaNamespace);
    var anonymous = new ApiAuthSpec();
    anonymous.setAnonymous(true);
    app.getSpec().getApi().setAuth(anonymous);
    client().resource(app).create();

    var condition =
        await()
            .until(
                () -> conditionOf("open", Conditions.API_AUTHENTICATION),
                c -> c != null && c.getStatus().equals("False"));
    assertThat(condition.getReason()).isEqualTo("Anonymous");
    assertThat(condition.getMessage()).contains("without authentication");
    awaitWarning("open", "Anonymous");

    // Keys instead: the condition turns True and names the Secret.
    client()
        .resources(AppService.class)
        .withName("open")
        .edit(
            a -> {
              var keys = new ApiKeysSpec();
              keys.setSecretName("open-keys");
              var auth = new ApiAuthSpec();
              auth.setApiKeys(keys);
              a.getSpec().getApi().setAuth(auth);
              return a;
            });
    var authenticated =
        await()
            .until(
                () -> conditionOf("open", Conditions.API_AUTHENTICATION),
                c -> c != null && c.getStatus().equals("True"));
    assertThat(authenticated.getMessage()).contains("API keys from Secret open-keys");
    client().resources(AppService.class).withName("open").delete();
  }

  @Test
  void withAuthenticationEachComponentGetsALeastPrivilegeKafkaUserAndItsSecret() {
    var app = AppServices.inNamespace(AppServices.minimal("billing"), cluster.namespace());
    app.getSpec().getKafka().setNamespace(kafkaNamespace);
    app.getSpec().getKafka().setAuthentication(KafkaAuthentication.SCRAM_SHA_512);
    client().resource(app).create();

    var worker = await().until(() -> user("worker"), u -> u != null);
    assertThat(worker.getSpec().getAuthentication())
        .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
    assertThat(worker.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", "my-cluster");
    var acls = ((KafkaUserAuthorizationSimple) worker.getSpec().getAuthorization()).getAcls();
    assertThat(acls).hasSize(4);
    assertThat(await().until(() -> user("api"), u -> u != null)).isNotNull();

    // Strimzi's CAs' private keys, labelled like the CA certificate, and another user's password.
    others.strimziWritesSecret(kafkaNamespace, "my-cluster-cluster-ca", Map.of("ca.key", "KEY"));
    others.strimziWritesSecret(kafkaNamespace, "my-cluster-clients-ca", Map.of("ca.key", "KEY"));
    others.strimziWritesSecret(kafkaNamespace, "someone-else", Map.of("password", "theirs"));

    // Strimzi writes the credentials to the Kafka namespace; the pods get a copy in theirs.
    var userSecret = cluster.namespace() + ".billing.worker";
    others.strimziWritesSecret(kafkaNamespace, userSecret, Map.of("sasl.jaas.config", "v1"));
    others.strimziWritesSecret(
        kafkaNamespace, "my-cluster-cluster-ca-cert", Map.of("ca.crt", "CA"));
    await().until(() -> jaas("billing-worker-kafka-user"), "v1"::equals);
    assertThat(get(Secret.class, "billing-kafka-ca")).isNotNull();
    others.strimziWritesSecret(kafkaNamespace, userSecret, Map.of("sasl.jaas.config", "v2"));
    await().until(() -> jaas("billing-worker-kafka-user"), "v2"::equals);

    // Rotated credentials roll the pods (the runtime reads them at start): each pod template
    // carries a digest of the copies its pods mount, so only the rotated component changes.
    others.topicsReport(kafkaNamespace, "True", null, null);
    others.databaseReady(cluster.namespace(), "billing-db");
    String workersBefore = await().until(() -> credentialsHash(StatefulSet.class), h -> h != null);
    // The API user's credentials are not written yet: no digest, rather than pods rolled into
    // pods that cannot mount them.
    await().until(() -> get(Deployment.class, "billing-api") != null);
    assertThat(credentialsHash(Deployment.class)).isNull();
    others.strimziWritesSecret(
        kafkaNamespace, cluster.namespace() + ".billing.api", Map.of("sasl.jaas.config", "api"));
    String apiBefore = await().until(() -> credentialsHash(Deployment.class), h -> h != null);
    others.strimziWritesSecret(kafkaNamespace, userSecret, Map.of("sasl.jaas.config", "v3"));
    await().until(() -> credentialsHash(StatefulSet.class), h -> !workersBefore.equals(h));
    assertThat(jaas("billing-worker-kafka-user")).isEqualTo("v3");
    assertThat(credentialsHash(Deployment.class)).isEqualTo(apiBefore);
    others.strimziWritesSecret(
        kafkaNamespace, "my-cluster-cluster-ca-cert", Map.of("ca.crt", "renewed CA"));
    await().until(() -> credentialsHash(Deployment.class), h -> !apiBefore.equals(h));

    // No request of the operator's can have returned a private key or someone else's password:
    // Secrets are listed and watched only by our credentials label, read by name only as copied.
    var secretRequests = operator.requests().stream().filter(r -> r.contains("/secrets")).toList();
    assertThat(secretRequests).isNotEmpty();
    assertThat(secretRequests)
        .allSatisfy(
            r ->
                assertThat(
                        r.contains("labelSelector=")
                            || r.matches("GET .*/secrets/[^/?]+")
                            || r.matches("(PATCH|PUT|POST|DELETE) .*"))
                    .as(r)
                    .isTrue())
        .noneSatisfy(r -> assertThat(r).contains("/secrets/my-cluster-cluster-ca?"))
        .noneSatisfy(r -> assertThat(r).endsWith("/secrets/my-cluster-cluster-ca"))
        .noneSatisfy(r -> assertThat(r).contains("/secrets/my-cluster-clients-ca"))
        .noneSatisfy(r -> assertThat(r).contains("/secrets/someone-else"));
    assertThat(secretRequests)
        .anySatisfy(
            r ->
                assertThat(r)
                    .contains("/secrets?")
                    .contains("appservice.dev%2Fcredentials%3Dkafka-user"));

    // Authentication off: users and copies go (credentials hold no data); topics stay.
    client()
        .resources(AppService.class)
        .withName("billing")
        .edit(
            a -> {
              a.getSpec().getKafka().setAuthentication(KafkaAuthentication.NONE);
              return a;
            });
    await().until(() -> user("worker") == null && user("api") == null);
    await().until(() -> get(Secret.class, "billing-worker-kafka-user") == null);
    assertThat(get(Secret.class, "billing-kafka-ca")).isNull();
    assertThat(
            client()
                .resources(KafkaTopic.class)
                .inNamespace(kafkaNamespace)
                .withName(cluster.namespace() + ".billing.input")
                .get())
        .isNotNull();
  }

  private static String credentialsHash(Class<? extends HasMetadata> kind) {
    return templateAnnotation(
        kind,
        "billing-" + (kind == StatefulSet.class ? "worker" : "api"),
        PodTemplates.CREDENTIALS_HASH);
  }

  private static String jaas(String secret) {
    var copy = get(Secret.class, secret);
    return copy == null
        ? null
        : new String(Base64.getDecoder().decode(copy.getData().get("sasl.jaas.config")));
  }

  private static KafkaUser user(String component) {
    return client()
        .resources(KafkaUser.class)
        .inNamespace(kafkaNamespace)
        .withName(cluster.namespace() + ".billing." + component)
        .get();
  }

  private static io.fabric8.kubernetes.client.KubernetesClient client() {
    return cluster.client();
  }

  private static KafkaTopic topic(String role) {
    return client()
        .resources(KafkaTopic.class)
        .inNamespace(kafkaNamespace)
        .withName(cluster.namespace() + ".orders." + role)
        .get();
  }

  private static <T extends io.fabric8.kubernetes.api.model.HasMetadata> T get(
      Class<T> type, String name) {
    return client().resources(type).inNamespace(cluster.namespace()).withName(name).get();
  }

  private static io.fabric8.kubernetes.api.model.Condition condition(String type) {
    return conditionOf("orders", type);
  }

  /** Waits for a Warning Event with {@code reason} about the AppService {@code name}. */
  private static void awaitWarning(String name, String reason) {
    await()
        .untilAsserted(
            () ->
                assertThat(
                        client().v1().events().inNamespace(cluster.namespace()).list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getType()).isEqualTo("Warning");
                          assertThat(e.getReason()).isEqualTo(reason);
                          assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
                        }));
  }

  private static io.fabric8.kubernetes.api.model.Condition conditionOf(String name, String type) {
    var app = client().resources(AppService.class).withName(name).get();
    return app == null || app.getStatus() == null
        ? null
        : Conditions.find(app.getStatus().getConditions(), type).orElse(null);
  }
}
