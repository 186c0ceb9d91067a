package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.StrimziAclOperation;
import java.util.List;

/**
 * One KafkaUser per component with least-privilege ACLs: the worker reads the input topic with its
 * group and writes the output and dead-letter topics; the API writes the input topic and reads the
 * output topic.
 */
public final class KafkaUsers {

  private KafkaUsers() {}

  public static KafkaUser worker(AppService app) {
    return user(
        app,
        Naming.WORKER,
        List.of(
            topic(
                app.getSpec().getInput().getTopic(),
                StrimziAclOperation.READ,
                StrimziAclOperation.DESCRIBE),
            group(Naming.consumerGroup(app), AclResourcePatternType.LITERAL),
            topic(
                app.getSpec().getOutput().getTopic(),
                StrimziAclOperation.WRITE,
                StrimziAclOperation.DESCRIBE),
            topic(
                Naming.deadLetterTopic(app),
                StrimziAclOperation.WRITE,
                StrimziAclOperation.DESCRIBE)));
  }

  public static KafkaUser api(AppService app) {
    return user(
        app,
        Naming.API,
        List.of(
            topic(
                app.getSpec().getInput().getTopic(),
                StrimziAclOperation.WRITE,
                StrimziAclOperation.DESCRIBE),
            // The event stream reads with assign() and no consumer group: no group ACL.
            topic(
                app.getSpec().getOutput().getTopic(),
                StrimziAclOperation.READ,
                StrimziAclOperation.DESCRIBE)));
  }

  /** Strimzi's User Operator writes the credentials to a Secret named like the KafkaUser. */
  public static String secretName(AppService app, String component) {
    return Naming.kafkaUser(app, component);
  }

  private static KafkaUser user(AppService app, String component, List<AclRule> acls) {
    var labels = Labels.of(app, component);
    labels.put(Labels.STRIMZI_CLUSTER, app.getSpec().getKafka().getCluster());
    return new KafkaUserBuilder()
        .withNewMetadata()
        .withName(Naming.kafkaUser(app, component))
        .withNamespace(Naming.kafkaNamespace(app))
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withAuthentication(authentication(app))
        .withNewKafkaUserAuthorizationSimple()
        .withAcls(acls)
        .endKafkaUserAuthorizationSimple()
        .endSpec()
        .build();
  }

  private static KafkaUserAuthentication authentication(AppService app) {
    return app.getSpec().getKafka().getAuthentication() == KafkaAuthentication.TLS
        ? new KafkaUserTlsClientAuthentication()
        : new KafkaUserScramSha512ClientAuthentication();
  }

  private static AclRule topic(String name, StrimziAclOperation... operations) {
    return new AclRuleBuilder()
        .withResource(new AclRuleTopicResourceBuilder().withName(name).build())
        .withOperations(operations)
        .build();
  }

  private static AclRule group(String name, AclResourcePatternType pattern) {
    return new AclRuleBuilder()
        .withResource(
            new AclRuleGroupResourceBuilder().withName(name).withPatternType(pattern).build())
        .withOperations(StrimziAclOperation.READ)
        .build();
  }
}
