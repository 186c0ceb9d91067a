package dev.appservice.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.operator.api.cnpg.v1.Cluster;
import dev.appservice.operator.api.cnpg.v1.ClusterStatus;
import dev.appservice.operator.fixtures.AppServices;
import dev.appservice.operator.model.KafkaTopics;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

  private final dev.appservice.operator.api.v1alpha1.AppService app =
      AppServices.inNamespace(AppServices.minimal("orders"), "shop");
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void readyWhenEveryPartIsReady() {
    var status = StatusAggregator.aggregate(app, allReady(), t0);
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isTrue();
    assertThat(status.getReadyWorkers()).isEqualTo(3);
    assertThat(status.getConditions())
        .allSatisfy(c -> assertThat(c.getObservedGeneration()).isNotNull());
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
    app.setStatus(StatusAggregator.aggregate(app, allReady(), t0));
    var again = StatusAggregator.aggregate(app, allReady(), t0.plusSeconds(60));
    assertThat(again).isEqualTo(app.getStatus());

    var seen = allReady();
    var notSupported =
        topic(KafkaTopics.INPUT, "False", "NotSupported", "Decreasing partitions not supported");
    seen.topics().put(KafkaTopics.INPUT, notSupported);
    var later = StatusAggregator.aggregate(app, seen, t0.plusSeconds(120));
    var topics = Conditions.find(later.getConditions(), Conditions.TOPICS_READY).orElseThrow();
    assertThat(topics.getLastTransitionTime()).isEqualTo(t0.plusSeconds(120).toString());
    assertThat(
            Conditions.find(later.getConditions(), Conditions.DATABASE_READY)
                .orElseThrow()
                .getLastTransitionTime())
        .isEqualTo(t0.toString());
  }

  @Test
  void whatTheOperatorCannotDoShowsAsReadyFalseWithThatReason() {
    var seen = allReady();
    seen.topics()
        .put(
            KafkaTopics.INPUT,
            topic(
                KafkaTopics.INPUT, "False", "NotSupported", "Decreasing partitions not supported"));
    var ready =
        Conditions.find(StatusAggregator.aggregate(app, seen, t0).getConditions(), Conditions.READY)
            .orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo("NotSupported");
    assertThat(ready.getMessage()).contains("Decreasing partitions not supported");
  }

  @Test
  void anExternalDatabaseWhoseBudgetCannotHoldTheAppServiceIsNotReadyWithTheNumbers() {
    var external = AppServices.inNamespace(AppServices.externalDatabase("orders", "db"), "shop");
    external.getSpec().setPartitions(40);
    external.getSpec().getApi().setReplicas(3);
    external.getSpec().getDatabase().getExternal().setMaxConnections(170);
    var seen = allReady();
    var found = new Observation(seen.topics(), Optional.empty(), true, seen.workers(), seen.api());

    var ready =
        Conditions.find(
                StatusAggregator.aggregate(external, found, t0).getConditions(), Conditions.READY)
            .orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(PartConditions.CONNECTION_BUDGET_TOO_SMALL);
    assertThat(ready.getMessage())
        .contains("maxConnections is 170", "40 workers hold 160", "at least 176");

    external.getSpec().getDatabase().getExternal().setMaxConnections(176);
    assertThat(
            Conditions.isTrue(
                StatusAggregator.aggregate(external, found, t0).getConditions(),
                Conditions.DATABASE_READY))
        .isTrue();
  }

  @Test
  void anErrorTurnsReadyFalseAndKeepsWhatWasObserved() {
    app.setStatus(StatusAggregator.aggregate(app, allReady(), t0));
    var failed = StatusAggregator.failed(app, "boom", t0.plusSeconds(5));
    var ready = Conditions.find(failed.getConditions(), Conditions.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo("False");
    assertThat(ready.getReason()).isEqualTo(StatusAggregator.RECONCILE_ERROR);
    assertThat(ready.getLastTransitionTime()).isEqualTo(t0.plusSeconds(5).toString());
    assertThat(failed.getReadyWorkers()).isEqualTo(3);
    assertThat(Conditions.isTrue(failed.getConditions(), Conditions.TOPICS_READY)).isTrue();
    assertThat(Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY)).isTrue();
  }

  private Observation allReady() {
    var topics = new java.util.HashMap<String, KafkaTopic>();
    for (var role : List.of(KafkaTopics.INPUT, KafkaTopics.OUTPUT, KafkaTopics.DEAD_LETTER)) {
      topics.put(role, topic(role, "True", "Ready", ""));
    }
    var cluster = new Cluster();
    cluster.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("orders-db").build());
    cluster.setStatus(
        new ClusterStatus(
            1,
            "Cluster in healthy state",
            List.of(
                new io.fabric8.kubernetes.api.model.ConditionBuilder()
                    .withType("Ready")
                    .withStatus("True")
                    .build())));
    var sts =
        new StatefulSetBuilder()
            .withNewStatus()
            .withReplicas(3)
            .withReadyReplicas(3)
            .endStatus()
            .build();
    var deployment =
        new DeploymentBuilder().withNewStatus().withReadyReplicas(1).endStatus().build();
    return new Observation(
        topics, Optional.of(cluster), false, Optional.of(sts), Optional.of(deployment));
  }

  private KafkaTopic topic(String role, String status, String reason, String message) {
    var topic = KafkaTopics.input(app);
    topic.getMetadata().setName("shop.orders." + role);
    topic.setStatus(
        new io.strimzi.api.kafka.model.topic.KafkaTopicStatusBuilder()
            .withConditions(
                new ConditionBuilder()
                    .withType("Ready")
                    .withStatus(status)
                    .withReason(reason)
                    .withMessage(message)
                    .build())
            .build());
    return topic;
  }
}
