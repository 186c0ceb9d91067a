package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.DeletionPolicy;
import dev.appservice.operator.api.v1alpha1.IngressSpec;
import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import dev.appservice.operator.config.OperatorConfig;
import dev.appservice.operator.fixtures.RunningOperator;
import dev.appservice.operator.fixtures.Scenario;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator runs as its ServiceAccount with exactly the chart's RBAC rules (impersonated on the
 * real API server, which enforces RBAC) and still does its whole job, leader election included.
 */
class OperatorRbacIT {

  static final Path RULES = Path.of("../charts/appservice-operator/rbac");
  static final String SA = "appservice-operator";

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
                .withRules(rules("clusterrole-rules.yaml"))
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
    client
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName("leader-election")
                .withNamespace(ns)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "leader-election")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(SA)
                .withNamespace(ns)
                .endSubject()
                .build())
        .create();
  }

  @AfterAll
  static void cleanUp() {
    cluster.client().rbac().clusterRoleBindings().withName(clusterRole).delete();
    cluster.client().rbac().clusterRoles().withName(clusterRole).delete();
    scenario.deleteKafkaNamespace();
  }

  @Test
  void operatorDoesItsWholeJobWithOnlyItsOwnRules() {
    try (var operator =
        RunningOperator.startWithLeaderElection(
            serviceAccount(), cluster.namespace(), cluster.namespace())) {
      var app = scenario.app("limited");
      app.getSpec().getKafka().setAuthentication(KafkaAuthentication.SCRAM_SHA_512);
      var ingress = new IngressSpec();
      ingress.setHost("limited.example.com");
      app.getSpec().getApi().setIngress(ingress);
      app.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
      scenario.create(app);

      scenario
          .others()
          .strimziWritesSecret(
              scenario.kafkaNamespace, "my-cluster-cluster-ca-cert", Map.of("ca.crt", "CA"));
      scenario.driveToReady("limited");
      await().until(() -> scenario.get(Secret.class, "limited-kafka-ca") != null);
      assertThat(scenario.get(Ingress.class, "limited-api")).isNotNull();
      assertThat(
              cluster
                  .client()
                  .resources(KafkaUser.class)
                  .inNamespace(scenario.kafkaNamespace)
                  .list()
                  .getItems())
          .hasSize(2);
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
      await().until(() -> scenario.get("limited") == null);
      assertThat(scenario.topic("limited", "input")).isNull();
      assertThat(
              cluster
                  .client()
                  .resources(KafkaUser.class)
                  .inNamespace(scenario.kafkaNamespace)
                  .list()
                  .getItems())
          .isEmpty();
    }
  }

  private static Config serviceAccount() {
    var config = cluster.server().adminConfig();
    var ns = cluster.namespace();
    config.setImpersonateUsername("system:serviceaccount:" + ns + ":" + SA);
    config.setImpersonateGroups(
        "system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
    return config;
  }

  private static List<PolicyRule> rules(String file) throws IOException {
    try (var in = Files.newInputStream(RULES.resolve(file))) {
      return cluster
          .client()
          .getKubernetesSerialization()
          .unmarshal(in, new TypeReference<List<PolicyRule>>() {});
    }
  }
}
