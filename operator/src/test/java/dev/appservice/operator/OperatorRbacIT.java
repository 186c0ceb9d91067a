package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.DeletionPolicy;
import dev.appservice.operator.api.v1alpha1.IngressSpec;
import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import dev.appservice.operator.config.OperatorConfig;
import dev.appservice.operator.fixtures.RbacRules;
import dev.appservice.operator.fixtures.RunningOperator;
import dev.appservice.operator.fixtures.Scenario;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.model.NetworkAccess;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator runs as its ServiceAccount with exactly the chart's RBAC rules (impersonated on the
 * real API server, which enforces RBAC) and still does its whole job, leader election included.
 */
class OperatorRbacIT {

  static final String SA = "appservice-operator";

  /** Where the scoped operator lets the CloudNativePG operator and Prometheus in. */
  static final NetworkAccess DATABASE_ACCESS =
      new NetworkAccess(Optional.of("cnpg-system"), Set.of("monitoring"));

  /** A second account for the namespaced mode, with no ClusterRole at all. */
  static final String SCOPED_SA = "appservice-operator-scoped";

  @RegisterExtension static final TestCluster cluster = new TestCluster();
  static Scenario scenario;
  static String clusterRole;

  @BeforeAll
  static void grantOnlyTheChartRules() throws IOException {
    TestCrds.install(cluster.client());
    scenario = new Scenario(cluster);
    var client = cluster.client();
    var ns = cluster.namespace();
    clusterRole = ns + "-operator";
    client
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(SA)
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
    client
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(clusterRole)
                .endMetadata()
                .withRules(rules("app-rules.yaml", "kafka-rules.yaml"))
                .build())
        .create();
    client
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(clusterRole)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", clusterRole)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(SA)
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
    // Secret write is a ClusterRole of its own, bound per namespace, and not bound yet.
    client
        .resource(
            new ClusterRoleBuilder()
                .withNewMetadata()
                .withName(RunningOperator.secretWriter(ns))
                .endMetadata()
                .withRules(rules("secret-write-rules.yaml"))
                .build())
        .create();
    client
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("leader-election")
                .withNamespace(ns)
                .endMetadata()
                .withRules(rules("leader-election-rules.yaml"))
                .build())
        .create();
    bind(ns, "leader-election", "Role", "leader-election", SA);
  }

  @AfterAll
  static void cleanUp() {
    cluster.client().rbac().clusterRoleBindings().withName(clusterRole).delete();
    cluster.client().rbac().clusterRoles().withName(clusterRole).delete();
    cluster
        .client()
        .rbac()
        .clusterRoles()
        .withName(RunningOperator.secretWriter(cluster.namespace()))
        .delete();
    scenario.deleteKafkaNamespace();
  }

  @Test
  void operatorDoesItsWholeJobWithOnlyItsOwnRules() {
    var ns = cluster.namespace();
    try (var operator =
        RunningOperator.startWithLeaderElection(serviceAccount(), ns, cluster.namespace())) {
      // Without Kafka authentication an AppService needs no Secret write at all.
      scenario.create(scenario.app("plain"));
      scenario.driveToReady("plain");
      assertThat(operator.writes()).noneMatch(w -> w.contains("/secrets"));

      var app = scenario.app("limited");
      app.getSpec().getKafka().setAuthentication(KafkaAuthentication.SCRAM_SHA_512);
      var ingress = new IngressSpec();
      ingress.setHost("limited.example.com");
      app.getSpec().getApi().setIngress(ingress);
      app.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
      scenario.create(app);

      // With it, its pods mount Secret copies, which the operator may not write in a namespace
      // nobody onboarded: refused, naming the RoleBinding to create, and nothing is built.
      var writer = RunningOperator.secretWriter(ns);
      await()
          .untilAsserted(
              () ->
                  assertThat(scenario.condition("limited", "Ready"))
                      .isNotNull()
                      .satisfies(
                          c -> {
                            assertThat(c.getStatus()).isEqualTo("False");
                            assertThat(c.getReason()).isEqualTo("SecretWriteForbidden");
                            assertThat(c.getMessage())
                                .contains("spec.kafka.authentication is scram-sha-512")
                                .contains(
                                    "kubectl create rolebinding "
                                        + writer
                                        + " --namespace "
                                        + ns
                                        + " --clusterrole "
                                        + writer
                                        + " --serviceaccount "
                                        + ns
                                        + ":"
                                        + SA);
                          }));
      assertThat(cluster.client().v1().events().inNamespace(ns).list().getItems())
          .anySatisfy(
              e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getReason()).isEqualTo("SecretWriteForbidden");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("limited");
              });
      assertThat(scenario.get(Service.class, "limited-api")).isNull();
      assertThat(kafkaUsers(scenario.kafkaNamespace)).isEmpty();

      // The administrator creates the RoleBinding; the operator notices within its recheck.
      bind(ns, writer, "ClusterRole", writer, SA);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  !"SecretWriteForbidden"
                      .equals(scenario.condition("limited", "Ready").getReason()));
      scenario
          .others()
          .strimziWritesSecret(
              scenario.kafkaNamespace, "my-cluster-cluster-ca-cert", Map.of("ca.crt", "CA"));
      scenario.driveToReady("limited");
      await().until(() -> scenario.get(Secret.class, "limited-kafka-ca") != null);
      assertThat(scenario.get(Ingress.class, "limited-api")).isNotNull();
      assertThat(kafkaUsers(scenario.kafkaNamespace)).hasSize(2);
      assertThat(
              cluster
                  .client()
                  .resources(Lease.class)
                  .withName(OperatorConfig.LEASE_NAME)
                  .get()
                  .getSpec()
                  .getHolderIdentity())
          .isEqualTo("test");
      assertThat(cluster.client().v1().events().list().getItems())
          .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("Ready"));

      cluster.client().resources(AppService.class).withName("limited").delete();
      cluster.client().resources(AppService.class).withName("plain").delete();
      await().until(() -> scenario.get("limited") == null && scenario.get("plain") == null);
      assertThat(scenario.topic("limited", "input")).isNull();
      assertThat(kafkaUsers(scenario.kafkaNamespace)).isEmpty();
    }
  }

  @Test
  void withItsNamespacesListedRolesInThemAreAllItNeeds() throws Exception {
    var ns = cluster.namespace();
    var kafkaNs = scenario.kafkaNamespace;
    createServiceAccount(SCOPED_SA);
    grant(SCOPED_SA, ns, "app", "app-rules.yaml", "secret-write-rules.yaml");
    grant(SCOPED_SA, kafkaNs, "kafka", "kafka-rules.yaml");
    grant(SCOPED_SA, ns, "scoped-leader-election", "leader-election-rules.yaml");

    try (var operator = scopedOperator(kafkaNs)) {
      var app = scenario.app("scoped");
      app.getSpec().getKafka().setAuthentication(KafkaAuthentication.SCRAM_SHA_512);
      app.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
      var ingress = new IngressSpec();
      ingress.setHost("scoped.example.com");
      ingress.setTlsSecretName("scoped-tls");
      ingress.setAnnotations(Map.of("nginx.ingress.kubernetes.io/limit-rps", "20"));
      app.getSpec().getApi().setIngress(ingress);
      app.getSpec()
          .getApi()
          .setAllowedFrom(
              List.of(
                  new NetworkPolicyPeerBuilder()
                      .withNewNamespaceSelector()
                      .withMatchLabels(Map.of("kubernetes.io/metadata.name", "ingress-nginx"))
                      .endNamespaceSelector()
                      .build()));
      scenario.create(app);
      scenario
          .others()
          .strimziWritesSecret(kafkaNs, "my-cluster-cluster-ca-cert", Map.of("ca.crt", "CA"));
      scenario.driveToReady("scoped");
      await().until(() -> scenario.get(Secret.class, "scoped-kafka-ca") != null);
      assertThat(kafkaUsers(kafkaNs)).hasSize(2);
      // The operator's settings reach the database's NetworkPolicy.
      assertThat(scenario.get(NetworkPolicy.class, "scoped-db").getSpec().getIngress())
          .extracting(OperatorRbacIT::describe)
          .containsExactly(
              "5432 from [pods, pods, cnpg-system]",
              "8000 from [cnpg-system]",
              "9187 from [monitoring]");
      // Workers take nothing but scrapes; the API its port from the spec's peers only.
      var workers = scenario.get(NetworkPolicy.class, "scoped-worker").getSpec();
      assertThat(workers.getPodSelector().getMatchLabels())
          .containsEntry("app.kubernetes.io/component", "worker");
      assertThat(workers.getPolicyTypes()).containsExactly("Ingress");
      assertThat(workers.getIngress())
          .extracting(OperatorRbacIT::describe)
          .containsExactly("9090 from [monitoring]");
      var api = scenario.get(NetworkPolicy.class, "scoped-api").getSpec();
      assertThat(api.getPodSelector().getMatchLabels())
          .containsEntry("app.kubernetes.io/component", "api");
      assertThat(api.getIngress())
          .extracting(OperatorRbacIT::describe)
          .containsExactly("8080 from [ingress-nginx]", "9090 from [monitoring]");
      var served = scenario.get(Ingress.class, "scoped-api");
      assertThat(served.getSpec().getTls()).hasSize(1);
      assertThat(served.getSpec().getTls().get(0).getSecretName()).isEqualTo("scoped-tls");
      assertThat(served.getSpec().getTls().get(0).getHosts()).containsExactly("scoped.example.com");
      assertThat(served.getMetadata().getAnnotations())
          .containsEntry("nginx.ingress.kubernetes.io/limit-rps", "20");

      // A Kafka namespace that is not listed: refused, said so, and nothing written.
      var stray = scenario.app("stray");
      stray.getSpec().getKafka().setNamespace(ns + "-elsewhere");
      scenario.create(stray);
      awaitRefused("stray", ns + "-elsewhere");
      assertThat(scenario.get(Cluster.class, "stray-db")).isNull();
      assertThat(scenario.get(Service.class, "stray-api")).isNull();
      assertThat(scenario.get(Service.class, "stray-worker")).isNull();
      assertThat(cluster.client().v1().events().inNamespace(ns).list().getItems())
          .anySatisfy(
              e -> {
                assertThat(e.getReason()).isEqualTo("KafkaNamespaceNotManaged");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("stray");
              });
    }

    // The Kafka namespace taken off the list while "scoped" uses it: refused from now on, but
    // nothing is deleted, not even the credential copies its pods mount.
    try (var operator = scopedOperator(ns + "-other")) {
      awaitRefused("scoped", kafkaNs);
      Thread.sleep(2 * RunningOperator.RESYNC.toMillis()); // two more periodic reconciliations
      assertThat(scenario.condition("scoped", "Ready").getReason())
          .isEqualTo("KafkaNamespaceNotManaged");
      assertThat(scenario.get(Secret.class, "scoped-kafka-ca")).isNotNull();
      assertThat(kafkaUsers(kafkaNs)).hasSize(2);
    }

    // Both go away on deletion: the refused one has nothing to clean up.
    try (var operator = scopedOperator(kafkaNs)) {
      cluster.client().resources(AppService.class).withName("stray").delete();
      cluster.client().resources(AppService.class).withName("scoped").delete();
      await().until(() -> scenario.get("stray") == null && scenario.get("scoped") == null);
      assertThat(scenario.topic("scoped", "input")).isNull();
    }
  }

  /**
   * The operator as the namespaced account, watching this namespace, with {@code kafkaNamespace}
   * its one Kafka namespace. The account has rights only in this one and in the scenario's Kafka
   * namespace, so another Kafka namespace is watched as the administrator (RBAC is not the point
   * there).
   */
  private static RunningOperator scopedOperator(String kafkaNamespace) {
    var ns = cluster.namespace();
    var account =
        kafkaNamespace.equals(scenario.kafkaNamespace)
            ? serviceAccount(SCOPED_SA)
            : cluster.server().adminConfig();
    return RunningOperator.startWithLeaderElection(
        account, ns, Set.of(ns), Set.of(kafkaNamespace), DATABASE_ACCESS);
  }

  private static void awaitRefused(String app, String kafkaNamespace) {
    await()
        .untilAsserted(
            () ->
                assertThat(scenario.condition(app, "Ready"))
                    .isNotNull()
                    .satisfies(
                        c -> {
                          assertThat(c.getStatus()).isEqualTo("False");
                          assertThat(c.getReason()).isEqualTo("KafkaNamespaceNotManaged");
                          assertThat(c.getMessage())
                              .contains("spec.kafka.namespace is '" + kafkaNamespace + "'")
                              .contains("kafkaNamespaces");
                        }));
  }

  private static List<KafkaUser> kafkaUsers(String namespace) {
    return cluster.client().resources(KafkaUser.class).inNamespace(namespace).list().getItems();
  }

  /** "port from [peers]": a namespace's name, or "pods" for a pod selector. */
  private static String describe(NetworkPolicyIngressRule rule) {
    var from =
        rule.getFrom() == null
            ? "anywhere"
            : rule.getFrom().stream()
                .map(
                    p ->
                        p.getNamespaceSelector() == null
                            ? "pods"
                            : p.getNamespaceSelector()
                                .getMatchLabels()
                                .get("kubernetes.io/metadata.name"))
                .toList()
                .toString();
    return rule.getPorts().get(0).getPort().getIntVal() + " from " + from;
  }

  private static void createServiceAccount(String name) {
    cluster
        .client()
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(cluster.namespace())
                .endMetadata()
                .build())
        .create();
  }

  /**
   * A Role with the rules of {@code files} in {@code namespace}, bound to {@code serviceAccount}.
   */
  private static void grant(String serviceAccount, String namespace, String role, String... files)
      throws IOException {
    var name = serviceAccount + "-" + role;
    cluster
        .client()
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withRules(rules(files))
                .build())
        .create();
    bind(namespace, name, "Role", name, serviceAccount);
  }

  /** Binds {@code role} (a Role or ClusterRole) in {@code namespace} to a ServiceAccount here. */
  private static void bind(
      String namespace, String name, String roleKind, String role, String serviceAccount) {
    cluster
        .client()
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", roleKind, role)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(serviceAccount)
                .withNamespace(cluster.namespace())
                .endSubject()
                .build())
        .create();
  }

  private static Config serviceAccount() {
    return serviceAccount(SA);
  }

  private static Config serviceAccount(String name) {
    var config = cluster.server().adminConfig();
    var ns = cluster.namespace();
    config.setImpersonateUsername("system:serviceaccount:" + ns + ":" + name);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
    return config;
  }

  private static List<PolicyRule> rules(String... files) {
    return RbacRules.of(files);
  }
}
