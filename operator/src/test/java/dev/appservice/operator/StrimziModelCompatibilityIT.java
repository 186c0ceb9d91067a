package dev.appservice.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import dev.appservice.operator.fixtures.AppServices;
import dev.appservice.operator.fixtures.TestCrds;
import dev.appservice.operator.model.KafkaTopics;
import dev.appservice.operator.model.KafkaUsers;
import dev.appservice.operator.testing.TestCluster;
import io.strimzi.api.kafka.model.common.ConditionBuilder;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.topic.KafkaTopicStatusBuilder;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Strimzi 1.2.0's model classes (built against fabric8 7.8) work with our fabric8 7.5.2 client:
 * what we build is accepted by Strimzi's own CRD schema and reads back unchanged.
 */
class StrimziModelCompatibilityIT {

  @RegisterExtension static final TestCluster cluster = new TestCluster();

  @BeforeAll
  static void crds() {
    TestCrds.install(cluster.client());
  }

  @Test
  void kafkaTopicRoundTripsThroughStrimzisSchema() {
    var app = AppServices.inNamespace(AppServices.minimal("compat"), cluster.namespace());
    app.getSpec().getInput().setReplicas(3);
    app.getSpec().getInput().getConfig().put("cleanup.policy", "compact");
    var topic = KafkaTopics.input(app);
    var created = cluster.client().resource(topic).create();
    assertThat(created.getSpec()).isEqualTo(topic.getSpec());

    created.setStatus(
        new KafkaTopicStatusBuilder()
            .withObservedGeneration(1)
            .withTopicName("compat.commands")
            .withConditions(new ConditionBuilder().withType("Ready").withStatus("True").build())
            .build());
    var withStatus = cluster.client().resource(created).updateStatus();
    var read =
        cluster.client().resources(KafkaTopic.class).withName(topic.getMetadata().getName()).get();
    assertThat(read.getStatus().getConditions().get(0).getStatus()).isEqualTo("True");
    assertThat(withStatus.getStatus().getTopicName()).isEqualTo("compat.commands");
  }

  @Test
  void kafkaUsersWithScramAndTlsRoundTripThroughStrimzisSchema() {
    for (var auth :
        new KafkaAuthentication[] {KafkaAuthentication.SCRAM_SHA_512, KafkaAuthentication.TLS}) {
      var app =
          AppServices.inNamespace(AppServices.minimal("u" + auth.ordinal()), cluster.namespace());
      app.getSpec().getKafka().setAuthentication(auth);
      for (var user : new KafkaUser[] {KafkaUsers.worker(app), KafkaUsers.api(app)}) {
        var created = cluster.client().resource(user).create();
        assertThat(created.getSpec()).isEqualTo(user.getSpec());
      }
    }
  }
}
