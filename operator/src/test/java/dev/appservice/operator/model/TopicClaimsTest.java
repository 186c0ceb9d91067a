package dev.appservice.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.fixtures.AppServices;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicClaimsTest {

  private static AppService app(String namespace, String name, String input, String created) {
    var app = AppServices.inNamespace(AppServices.minimal(name), namespace);
    app.getSpec().getInput().setTopic(input);
    app.getSpec().getOutput().setTopic(input.replace(".commands", ".events"));
    app.getSpec().getKafka().setNamespace("kafka");
    app.getMetadata().setCreationTimestamp(created);
    return app;
  }

  private final AppService a =
      app("team-a", "orders", "team-a.orders.commands", "2026-12-01T10:00:00Z");

  @Test
  void theDefaultPolicyKeepsANamespaceToTopicsNamedAfterIt() {
    var policy = TopicNamePolicy.NAMESPACE_PREFIX;
    assertThat(policy.refusal(a)).isEmpty();
    var b = app("team-b", "orders", "team-a.orders.commands", "2026-12-01T09:00:00Z");
    assertThat(policy.refusal(b))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("spec.input.topic is 'team-a.orders.commands'")
                    .contains("start with 'team-b.'"));
    assertThat(TopicNamePolicy.ANY.refusal(b)).isEmpty();
    assertThat(new TopicNamePolicy("apps-{namespace}-").prefixFor(b)).isEqualTo("apps-team-b-");
    assertThatThrownBy(() -> new TopicNamePolicy("{team}.")).hasMessageContaining("{namespace}");
  }

  @Test
  void aTopicThatAnotherKafkaTopicManagesIsNotOurs() {
    var theirs = topic("kafka", "by-hand", "team-a.orders.events", Map.of());
    var refusal = TopicClaims.refusal(a, TopicNamePolicy.ANY, List.of(a), List.of(theirs));
    assertThat(refusal).hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("TopicNotOwned"));
    assertThat(refusal.get().message())
        .contains("spec.output.topic is 'team-a.orders.events'")
        .contains("KafkaTopic kafka/by-hand")
        .contains("someone else");

    var ours = KafkaTopics.output(a);
    assertThat(TopicClaims.refusal(a, TopicNamePolicy.ANY, List.of(a), List.of(ours))).isEmpty();
    // The same name in another Kafka cluster or namespace is another topic.
    var elsewhere =
        topic(
            "kafka-2",
            "other",
            "team-a.orders.events",
            Map.of(Labels.STRIMZI_CLUSTER, "my-cluster"));
    assertThat(TopicClaims.refusal(a, TopicNamePolicy.ANY, List.of(a), List.of(elsewhere)))
        .isEmpty();
  }

  @Test
  void whileNoKafkaTopicExistsTheFirstClaimWins() {
    var later = app("team-b", "thief", "team-a.orders.commands", "2026-12-01T11:00:00Z");
    var apps = List.of(a, later);
    assertThat(TopicClaims.refusal(a, TopicNamePolicy.ANY, apps, List.of())).isEmpty();
    assertThat(TopicClaims.refusal(later, TopicNamePolicy.ANY, apps, List.of()))
        .hasValueSatisfying(
            r -> assertThat(r.message()).contains("AppService team-a/orders claimed first"));
    // Once the earlier one's KafkaTopic exists, it decides, whoever is older.
    var older = app("team-c", "old", "team-a.orders.commands", "2026-11-01T00:00:00Z");
    var topics = List.<KafkaTopic>of(KafkaTopics.input(a));
    assertThat(TopicClaims.refusal(older, TopicNamePolicy.ANY, List.of(a, older), topics))
        .hasValueSatisfying(r -> assertThat(r.message()).contains("AppService team-a/orders"));
  }

  @Test
  void anAppServiceThatThePolicyRefusesHoldsNoNameBack() {
    var squatter = app("team-b", "squat", "team-a.orders.commands", "2026-11-01T00:00:00Z");
    var policy = TopicNamePolicy.NAMESPACE_PREFIX;
    assertThat(TopicClaims.refusal(a, policy, List.of(a, squatter), List.of())).isEmpty();
    assertThat(TopicClaims.refusal(squatter, policy, List.of(a, squatter), List.of()))
        .hasValueSatisfying(r -> assertThat(r.reason()).isEqualTo("TopicNameNotAllowed"));
  }

  private static KafkaTopic topic(
      String namespace, String name, String topicName, Map<String, String> labels) {
    var all = new java.util.HashMap<>(Map.of(Labels.STRIMZI_CLUSTER, "my-cluster"));
    all.putAll(labels);
    return new KafkaTopicBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(all)
        .endMetadata()
        .withNewSpec()
        .withTopicName(topicName)
        .endSpec()
        .build();
  }
}
