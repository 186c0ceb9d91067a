package dev.appservice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import dev.appservice.operator.fixtures.AppServices;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DesiredStateTest {

  private final dev.appservice.operator.api.v1alpha1.AppService app =
      AppServices.inNamespace(AppServices.minimal("orders"), "shop");

  @Test
  void oneWorkerPerPartition() {
    app.getSpec().setPartitions(6);
    var sts = Workers.statefulSet(app);
    assertThat(sts.getSpec().getReplicas()).isEqualTo(6);
    assertThat(sts.getSpec().getServiceName())
        .isEqualTo(Workers.headlessService(app).getMetadata().getName());
    assertThat(Workers.headlessService(app).getSpec().getClusterIP()).isEqualTo("None");
  }

  @Test
  void addingPartitionsChangesOnlyTheReplicasNotThePods() {
    app.getSpec().setPartitions(3);
    var before = Workers.statefulSet(app);
    var apiBefore = Api.deployment(app);
    app.getSpec().setPartitions(6);
    var after = Workers.statefulSet(app);

    assertThat(after.getSpec().getReplicas()).isEqualTo(6);
    assertThat(after.getSpec().getTemplate()).isEqualTo(before.getSpec().getTemplate());
    assertThat(Api.deployment(app).getSpec().getTemplate())
        .isEqualTo(apiBefore.getSpec().getTemplate());
  }

  @Test
  void podsRunWithTheRestrictedSecurityProfile() {
    for (PodTemplateSpec pod :
        List.of(
            Workers.statefulSet(app).getSpec().getTemplate(),
            Api.deployment(app).getSpec().getTemplate())) {
      var podSecurity = pod.getSpec().getSecurityContext();
      assertThat(podSecurity.getRunAsNonRoot()).isTrue();
      assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      var container = pod.getSpec().getContainers().get(0).getSecurityContext();
      assertThat(container.getReadOnlyRootFilesystem()).isTrue();
      assertThat(container.getAllowPrivilegeEscalation()).isFalse();
      assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(pod.getSpec().getContainers().get(0).getLivenessProbe()).isNotNull();
      assertThat(pod.getSpec().getContainers().get(0).getReadinessProbe()).isNotNull();
    }
  }

  @Test
  void ingressServesTheHostWithTlsAndTheGivenAnnotationsOnlyWhenAsked() {
    var spec = new dev.appservice.operator.api.v1alpha1.IngressSpec();
    spec.setHost("orders.example.com");
    app.getSpec().getApi().setIngress(spec);
    var plain = Api.ingress(app);
    assertThat(plain.getSpec().getTls()).isEmpty();
    assertThat(plain.getMetadata().getAnnotations()).isNullOrEmpty();

    spec.setTlsSecretName("orders-tls");
    spec.setAnnotations(Map.of("nginx.ingress.kubernetes.io/limit-rps", "50"));
    var secured = Api.ingress(app);
    assertThat(secured.getSpec().getTls()).hasSize(1);
    assertThat(secured.getSpec().getTls().get(0).getHosts()).containsExactly("orders.example.com");
    assertThat(secured.getSpec().getTls().get(0).getSecretName()).isEqualTo("orders-tls");
    assertThat(secured.getMetadata().getAnnotations())
        .containsEntry("nginx.ingress.kubernetes.io/limit-rps", "50");
    assertThat(secured.getSpec().getRules().get(0).getHost()).isEqualTo("orders.example.com");
  }

  @Test
  void workersTakeOnlyScrapesAndTheApiItsPortFromTheGivenPeers() {
    var access = new NetworkAccess(Optional.empty(), Set.of("monitoring"));
    var workers = Workers.networkPolicy(app, access).getSpec();
    assertThat(workers.getPodSelector().getMatchLabels())
        .isEqualTo(Labels.selector(app, Naming.WORKER));
    assertThat(workers.getPolicyTypes()).containsExactly("Ingress");
    assertThat(workers.getIngress()).hasSize(1);
    assertThat(workers.getIngress().get(0).getPorts().get(0).getPort().getIntVal())
        .isEqualTo(EnvContract.MANAGEMENT_PORT);
    assertThat(workers.getIngress().get(0).getFrom()).hasSize(1);

    var open = Api.networkPolicy(app, NetworkAccess.OPEN).getSpec();
    assertThat(open.getPodSelector().getMatchLabels()).isEqualTo(Labels.selector(app, Naming.API));
    assertThat(open.getIngress()).hasSize(2);
    assertThat(open.getIngress().get(0).getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
    assertThat(open.getIngress().get(0).getFrom()).isNull();

    var peer =
        new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder()
            .withNewIpBlock()
            .withCidr("10.0.0.0/8")
            .endIpBlock()
            .build();
    app.getSpec().getApi().setAllowedFrom(List.of(peer));
    var limited = Api.networkPolicy(app, access).getSpec();
    assertThat(limited.getIngress().get(0).getFrom()).containsExactly(peer);
    assertThat(limited.getIngress().get(1).getFrom()).hasSize(1);
  }

  @Test
  void configHashChangesWithTheConfigurationOnly() {
    String before = hash();
    assertThat(hash()).isEqualTo(before);
    app.getSpec().getOutput().setTopic("orders.events.v2");
    assertThat(hash()).isNotEqualTo(before);
  }

  @Test
  void topicsLiveInTheKafkaNamespaceWithTheStrimziClusterLabelAndNoOwnerReference() {
    app.getSpec().getKafka().setNamespace("kafka");
    var topic = KafkaTopics.input(app);
    assertThat(topic.getMetadata().getNamespace()).isEqualTo("kafka");
    assertThat(topic.getMetadata().getName()).isEqualTo("shop.orders.input");
    assertThat(topic.getMetadata().getLabels())
        .containsEntry("strimzi.io/cluster", "my-cluster")
        .containsEntry(Labels.OWNER_NAME, "orders")
        .containsEntry(Labels.OWNER_NAMESPACE, "shop");
    assertThat(topic.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(topic.getSpec().getTopicName()).isEqualTo("orders.commands");
    assertThat(topic.getSpec().getPartitions()).isEqualTo(3);
    assertThat(KafkaTopics.deadLetter(app).getSpec().getTopicName())
        .isEqualTo("orders.commands.dlq");
  }

  @Test
  void theTopicsTakeRecordsJustAboveTheLimitTheApiAndWorkersProduceAt() {
    app.getSpec().getKafka().setMaxRecordBytes(4 * 1024 * 1024);
    app.getSpec().getInput().getConfig().put("retention.ms", "604800000");
    for (var topic :
        List.of(KafkaTopics.input(app), KafkaTopics.output(app), KafkaTopics.deadLetter(app))) {
      assertThat(topic.getSpec().getConfig())
          .as(topic.getSpec().getTopicName())
          .containsEntry("max.message.bytes", 4 * 1024 * 1024 + 41943 + 1024);
    }
    assertThat(KafkaTopics.input(app).getSpec().getConfig())
        .containsEntry("retention.ms", "604800000");
    for (var pod :
        List.of(
            Workers.statefulSet(app).getSpec().getTemplate(),
            Api.deployment(app).getSpec().getTemplate())) {
      assertThat(pod.getSpec().getContainers().getFirst().getEnv())
          .anySatisfy(
              e -> {
                assertThat(e.getName()).isEqualTo("KAFKA_MAX_RECORD_BYTES");
                assertThat(e.getValue()).isEqualTo("4194304");
              });
    }
  }

  /**
   * max_connections holds every worker (4 each) and API replica (12 each, one more replica in a
   * rollout) plus 20 in reserve, in steps of 100: 3 partitions fit PostgreSQL's default 100, 40
   * partitions with 3 API replicas need 228, so 300.
   */
  @Test
  void theDatabaseHasRoomForEveryWorkerAndApiReplica() {
    assertThat(Database.cluster(app).getSpec().postgresql().parameters())
        .containsEntry("max_connections", "100");
    app.getSpec().setPartitions(40);
    app.getSpec().getApi().setReplicas(3);
    assertThat(Database.cluster(app).getSpec().postgresql().parameters())
        .containsEntry("max_connections", "300");
    assertThat(poolOf(app)).isEqualTo("10");
  }

  /** Within an external budget the API's pool shrinks to fit, down to 2. */
  @Test
  void onAnExternalDatabaseTheApiPoolFitsTheBudget() {
    var external = AppServices.inNamespace(AppServices.externalDatabase("orders", "db"), "shop");
    external.getSpec().setPartitions(40);
    external.getSpec().getApi().setReplicas(3);
    assertThat(poolOf(external)).as("no budget").isEqualTo("10");
    external.getSpec().getDatabase().getExternal().setMaxConnections(1000);
    assertThat(poolOf(external)).isEqualTo("10");
    external.getSpec().getDatabase().getExternal().setMaxConnections(200);
    assertThat(poolOf(external)).as("(200 - 160) / 4 replicas - 2 sessions").isEqualTo("8");
    assertThat(Database.budgetProblem(external)).isEmpty();
    external.getSpec().getDatabase().getExternal().setMaxConnections(170);
    assertThat(poolOf(external)).isEqualTo("2");
    assertThat(Database.budgetProblem(external)).isPresent();
  }

  private static String poolOf(dev.appservice.operator.api.v1alpha1.AppService app) {
    return Api.deployment(app)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .getEnv()
        .stream()
        .filter(e -> e.getName().equals("DATABASE_POOL_SIZE"))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  @Test
  void workerUserMayOnlyReadInputWithItsGroupAndWriteOutputAndDeadLetter() {
    assertThat(describe(KafkaUsers.worker(app).getSpec().getAuthorization()))
        .containsExactlyInAnyOrder(
            "topic orders.commands [READ, DESCRIBE]",
            "group orders-worker [READ]",
            "topic orders.events [WRITE, DESCRIBE]",
            "topic orders.commands.dlq [WRITE, DESCRIBE]");
  }

  @Test
  void apiUserMayOnlyWriteInputAndReadOutput() {
    assertThat(describe(KafkaUsers.api(app).getSpec().getAuthorization()))
        .containsExactlyInAnyOrder(
            "topic orders.commands [WRITE, DESCRIBE]", "topic orders.events [READ, DESCRIBE]");
  }

  @Test
  void tlsUserNamesFitStrimzisCommonNameLimitAndStayUnique() {
    String longName = "a".repeat(40);
    var tls =
        AppServices.inNamespace(AppServices.minimal(longName), "team-" + "n".repeat(30) + "-prod");
    tls.getSpec().getKafka().setAuthentication(KafkaAuthentication.TLS);
    var sibling =
        AppServices.inNamespace(
            AppServices.minimal(longName + "b"), "team-" + "n".repeat(30) + "-prod");
    sibling.getSpec().getKafka().setAuthentication(KafkaAuthentication.TLS);

    String worker = KafkaUsers.worker(tls).getMetadata().getName();
    assertThat(worker)
        .hasSizeLessThanOrEqualTo(Naming.TLS_USER_NAME_MAX)
        .endsWith(".worker")
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
        .isEqualTo(Naming.kafkaUser(tls, Naming.WORKER))
        .isEqualTo(KafkaUsers.secretName(tls, Naming.WORKER))
        .isNotEqualTo(KafkaUsers.worker(sibling).getMetadata().getName());
    assertThat(KafkaUsers.api(tls).getMetadata().getName())
        .hasSizeLessThanOrEqualTo(Naming.TLS_USER_NAME_MAX)
        .endsWith(".api");

    // Short names keep <namespace>.<name>.<component>; switching between TLS and SCRAM never
    // renames a user (a renamed one would be left behind with its ACLs and credentials).
    assertThat(KafkaUsers.worker(app).getMetadata().getName()).isEqualTo("shop.orders.worker");
    tls.getSpec().getKafka().setAuthentication(KafkaAuthentication.SCRAM_SHA_512);
    assertThat(KafkaUsers.worker(tls).getMetadata().getName()).isEqualTo(worker);
  }

  @Test
  void databaseClusterBootstrapsTheAppDatabaseAndOnlyAppPodsMayConnect() {
    var cluster = Database.cluster(app);
    assertThat(cluster.getMetadata().getName()).isEqualTo("orders-db");
    assertThat(cluster.getSpec().instances()).isEqualTo(1);
    assertThat(cluster.getSpec().storage().size()).isEqualTo("1Gi");
    assertThat(cluster.getSpec().bootstrap().initdb().database()).isEqualTo("app");
    var policy = Database.networkPolicy(app, NetworkAccess.OPEN).getSpec();
    assertThat(policy.getPodSelector().getMatchLabels())
        .containsEntry("cnpg.io/cluster", "orders-db");
    assertThat(policy.getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
        .containsEntry(Labels.INSTANCE, "orders");
    assertThat(policy.getIngress().get(0).getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactly(5432);
    // Status (for the CloudNativePG operator) and metrics (for Prometheus) from anywhere.
    assertThat(policy.getIngress().subList(1, 3))
        .allSatisfy(rule -> assertThat(rule.getFrom()).isNull())
        .extracting(rule -> rule.getPorts().get(0).getPort().getIntVal())
        .containsExactly(8000, 9187);
  }

  @Test
  void theDatabasePortsWithoutDataOpenOnlyToTheNamespacesConfigured() {
    var policy =
        Database.networkPolicy(
                app, new NetworkAccess(Optional.of("cnpg-system"), Set.of("monitoring", "infra")))
            .getSpec();
    assertThat(policy.getIngress()).hasSize(3);
    // The CloudNativePG operator also connects to PostgreSQL itself.
    assertThat(policy.getIngress().get(0).getFrom())
        .extracting(p -> p.getNamespaceSelector() == null ? "pods" : "cnpg-system")
        .containsExactly("pods", "pods", "cnpg-system");
    assertThat(policy.getIngress().get(1).getPorts().get(0).getPort().getIntVal()).isEqualTo(8000);
    assertThat(policy.getIngress().get(1).getFrom())
        .extracting(p -> p.getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.of("kubernetes.io/metadata.name", "cnpg-system"));
    assertThat(policy.getIngress().get(2).getPorts().get(0).getPort().getIntVal()).isEqualTo(9187);
    assertThat(policy.getIngress().get(2).getFrom())
        .extracting(p -> p.getNamespaceSelector().getMatchLabels())
        .containsExactly(
            Map.of("kubernetes.io/metadata.name", "infra"),
            Map.of("kubernetes.io/metadata.name", "monitoring"));
  }

  private String hash() {
    return Workers.statefulSet(app)
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(PodTemplates.CONFIG_HASH);
  }

  private static List<String> describe(
      io.strimzi.api.kafka.model.user.KafkaUserAuthorization authorization) {
    var simple = (io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple) authorization;
    return simple.getAcls().stream().map(DesiredStateTest::describe).toList();
  }

  private static String describe(AclRule rule) {
    return switch (rule.getResource()) {
      case AclRuleTopicResource t -> "topic " + t.getName() + " " + rule.getOperations();
      case AclRuleGroupResource g -> "group " + g.getName() + " " + rule.getOperations();
      default -> rule.toString();
    };
  }
}
