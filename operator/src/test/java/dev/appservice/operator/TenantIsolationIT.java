package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.DeletionPolicy;
import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import dev.appservice.operator.fixtures.AppServices;
import dev.appservice.operator.fixtures.RunningOperator;
import dev.appservice.operator.fixtures.Scenario;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.model.Labels;
import dev.appservice.operator.model.TopicNamePolicy;
import dev.appservice.operator.status.Conditions;
import dev.appservice.operator.testing.TestCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two teams in two namespaces share one Kafka: team B cannot get team A's topics, by name (the
 * install's prefix per namespace) or by claim (another AppService's or anyone's KafkaTopic), and
 * gets no KafkaTopic, KafkaUser or credential for them; A's topics survive B's deletion.
 */
class TenantIsolationIT {

  @RegisterExtension static final TestCluster cluster = new TestCluster();
  static Scenario scenario;
  static String teamA;
  static String teamB;

  @BeforeAll
  static void start() {
    TestCrds.install(cluster.client());
    scenario = new Scenario(cluster);
    teamA = cluster.namespace();
    teamB = cluster.namespace() + "-b";
    cluster
        .client()
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(teamB).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    cluster.client().namespaces().withName(teamB).delete();
    scenario.deleteKafkaNamespace();
  }

  @Test
  void byDefaultATeamCannotNameAnotherTeamsTopics() {
    try (var operator =
        RunningOperator.start(
            cluster.server().adminConfig(), TopicNamePolicy.NAMESPACE_PREFIX, teamA, teamB)) {
      var a = app(teamA, "orders", teamA + ".orders.commands", teamA + ".orders.events");
      create(a);
      await().until(() -> topicsOf(teamA, "orders").size() == 3);
      await().until(() -> usersOf(teamA, "orders").size() == 2);
      var before = topicsOf(teamA, "orders");

      var b = app(teamB, "thief", teamA + ".orders.commands", teamB + ".thief.events");
      b.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
      create(b);
      var ready = awaitRefused(teamB, "thief", "TopicNameNotAllowed");
      assertThat(ready.getMessage())
          .contains("spec.input.topic is '" + teamA + ".orders.commands'")
          .contains("start with '" + teamB + ".'");
      awaitWarning(teamB, "thief", "TopicNameNotAllowed");
      assertNothingFor(teamB, "thief");

      deleteAndAwaitGone(teamB, "thief");
      assertThat(topicsOf(teamA, "orders")).isEqualTo(before);
      assertThat(before)
          .allSatisfy(t -> assertThat(t.getMetadata().getDeletionTimestamp()).isNull());
    }
  }

  @Test
  void withAnyNameAllowedATopicStillBelongsToWhoeverHasIt() {
    try (var operator =
        RunningOperator.start(cluster.server().adminConfig(), TopicNamePolicy.ANY, teamA, teamB)) {
      var a = app(teamA, "payments", "shared.payments.commands", "shared.payments.events");
      create(a);
      await().until(() -> topicsOf(teamA, "payments").size() == 3);
      var before = topicsOf(teamA, "payments");

      // Another AppService's topic.
      var b = app(teamB, "copycat", "shared.payments.commands", "copycat.events");
      b.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
      create(b);
      var refused = awaitRefused(teamB, "copycat", "TopicNotOwned");
      assertThat(refused.getMessage())
          .contains("spec.input.topic is 'shared.payments.commands'")
          .contains("AppService " + teamA + "/payments");
      awaitWarning(teamB, "copycat", "TopicNotOwned");
      assertNothingFor(teamB, "copycat");

      // A topic that exists without being any AppService's.
      cluster
          .client()
          .resource(
              new KafkaTopicBuilder()
                  .withNewMetadata()
                  .withName("legacy-ledger")
                  .withNamespace(scenario.kafkaNamespace)
                  .withLabels(Map.of(Labels.STRIMZI_CLUSTER, "my-cluster"))
                  .endMetadata()
                  .withNewSpec()
                  .withTopicName("legacy.ledger")
                  .withPartitions(1)
                  .endSpec()
                  .build())
          .create();
      var c = app(teamB, "ledger", "ledger.commands", "legacy.ledger");
      c.getSpec().setDeletionPolicy(DeletionPolicy.Delete);
      create(c);
      assertThat(awaitRefused(teamB, "ledger", "TopicNotOwned").getMessage())
          .contains("spec.output.topic is 'legacy.ledger'")
          .contains("not an AppService");
      assertNothingFor(teamB, "ledger");

      deleteAndAwaitGone(teamB, "copycat");
      deleteAndAwaitGone(teamB, "ledger");
      assertThat(topicsOf(teamA, "payments")).isEqualTo(before);
      assertThat(
              cluster
                  .client()
                  .resources(KafkaTopic.class)
                  .inNamespace(scenario.kafkaNamespace)
                  .withName("legacy-ledger")
                  .get())
          .isNotNull();
    }
  }

  private static AppService app(String namespace, String name, String input, String output) {
    var app = AppServices.inNamespace(AppServices.minimal(name), namespace);
    app.getSpec().getKafka().setNamespace(scenario.kafkaNamespace);
    app.getSpec().getKafka().setAuthentication(KafkaAuthentication.SCRAM_SHA_512);
    app.getSpec().getInput().setTopic(input);
    app.getSpec().getOutput().setTopic(output);
    return app;
  }

  private static void create(AppService app) {
    cluster.client().resource(app).create();
  }

  private static List<KafkaTopic> topicsOf(String namespace, String name) {
    return cluster
        .client()
        .resources(KafkaTopic.class)
        .inNamespace(scenario.kafkaNamespace)
        .withLabel(Labels.OWNER_NAMESPACE, namespace)
        .withLabel(Labels.OWNER_NAME, name)
        .list()
        .getItems();
  }

  private static List<KafkaUser> usersOf(String namespace, String name) {
    return cluster
        .client()
        .resources(KafkaUser.class)
        .inNamespace(scenario.kafkaNamespace)
        .withLabel(Labels.OWNER_NAMESPACE, namespace)
        .withLabel(Labels.OWNER_NAME, name)
        .list()
        .getItems();
  }

  private static Condition awaitRefused(String namespace, String name, String reason) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              var app =
                  cluster
                      .client()
                      .resources(AppService.class)
                      .inNamespace(namespace)
                      .withName(name)
                      .get();
              return app == null || app.getStatus() == null
                  ? null
                  : Conditions.find(app.getStatus().getConditions(), Conditions.READY).orElse(null);
            },
            c -> c != null && "False".equals(c.getStatus()) && reason.equals(c.getReason()));
  }

  private static void awaitWarning(String namespace, String name, String reason) {
    await()
        .until(
            () ->
                cluster.client().v1().events().inNamespace(namespace).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "Warning".equals(e.getType())
                                && reason.equals(e.getReason())
                                && name.equals(e.getInvolvedObject().getName())));
  }

  /** No KafkaTopic, no KafkaUser, no copied credential, nothing in its namespace. */
  private static void assertNothingFor(String namespace, String name) {
    // Give the operator time to do what it must not.
    await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
    assertThat(topicsOf(namespace, name)).isEmpty();
    assertThat(usersOf(namespace, name)).isEmpty();
    assertThat(
            cluster
                .client()
                .resources(Secret.class)
                .inNamespace(namespace)
                .withLabel(Labels.OWNER_NAME, name)
                .list()
                .getItems())
        .isEmpty();
    assertThat(
            cluster
                .client()
                .apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(name + "-worker")
                .get())
        .isNull();
  }

  private static void deleteAndAwaitGone(String namespace, String name) {
    cluster.client().resources(AppService.class).inNamespace(namespace).withName(name).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                cluster
                        .client()
                        .resources(AppService.class)
                        .inNamespace(namespace)
                        .withName(name)
                        .get()
                    == null);
  }
}
