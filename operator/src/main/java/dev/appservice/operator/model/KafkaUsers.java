package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.api.v1alpha1.KafkaAuthentication;
import io.strimzi.api.kafka.model.common.template.MetadataTemplate;
import io.strimzi.api.kafka.model.common.template.ResourceTemplate;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserBuilder;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.KafkaUserTemplate;
import io.strimzi.api.kafka.model.user.KafkaUserTlsClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResourceBuilder;
import io.strimzi.api.kafka.model.user.acl.StrimziAclOperation;
import java.util.List;
import java.util.Map;

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
        .withTemplate(secretTemplate(app, component))
        .endSpec()
        .build();
  }

  /**
   * The label that Strimzi puts on the KafkaUser's Secret for us (the KafkaUser's secret template),
   * by which the operator watches only the credentials of its own KafkaUsers, not every Secret that
   * Strimzi writes (which include its CAs' private keys). Our own domain, so that no label Strimzi
   * sets itself can collide with it.
   */
  public static final String CREDENTIALS = "appservice.dev/credentials";

  public static final String CREDENTIALS_SELECTOR = CREDENTIALS + "=kafka-user";

  private static KafkaUserTemplate secretTemplate(AppService app, String component) {
    var metadata = new MetadataTemplate();
    metadata.setLabels(
        Map.of(
            CREDENTIALS,
            "kafka-user",
            Labels.OWNER_NAMESPACE,
            Naming.namespace(app),
            Labels.OWNER_NAME,
            Naming.name(app)));
    var secret = new ResourceTemplate();
    secret.setMetadata(metadata);
    var template = new KafkaUserTemplate();
    template.setSecret(secret);
    return template;
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
