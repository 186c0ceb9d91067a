package dev.appservice.operator.model;

import dev.appservice.operator.api.v1alpha1.AppService;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Kafka topics an AppService claims, and whether they are its to claim. A topic belongs to the
 * AppService whose KafkaTopic manages it; while no KafkaTopic does, to the AppService that claimed
 * it first (oldest, then by namespace and name). A topic that a KafkaTopic of anyone else manages,
 * or that another AppService claimed first, is refused: the AppService gets no KafkaTopic, no
 * KafkaUser and no credentials for it, and the other owner's topic is never touched.
 */
public final class TopicClaims {

  private TopicClaims() {}

  /**
   * One topic of one Kafka cluster.
   *
   * @param field where the AppService names it, for messages
   */
  public record Claim(String kafkaNamespace, String cluster, String topic, String field) {

    boolean sameTopic(Claim other) {
      return kafkaNamespace.equals(other.kafkaNamespace)
          && cluster.equals(other.cluster)
          && topic.equals(other.topic);
    }
  }

  public static List<Claim> of(AppService app) {
    String namespace = Naming.kafkaNamespace(app);
    String cluster = app.getSpec().getKafka().getCluster();
    return List.of(
        new Claim(namespace, cluster, app.getSpec().getInput().getTopic(), "spec.input.topic"),
        new Claim(namespace, cluster, app.getSpec().getOutput().getTopic(), "spec.output.topic"),
        new Claim(
            namespace,
            cluster,
            Naming.deadLetterTopic(app),
            "the dead-letter topic (spec.input.topic + '.dlq')"));
  }

  /** Whether {@code topic} manages the topic that {@code claim} names. */
  public static boolean manages(KafkaTopic topic, Claim claim) {
    var labels = topic.getMetadata().getLabels();
    String name =
        topic.getSpec() != null && topic.getSpec().getTopicName() != null
            ? topic.getSpec().getTopicName()
            : topic.getMetadata().getName();
    return claim.kafkaNamespace().equals(topic.getMetadata().getNamespace())
        && labels != null
        && claim.cluster().equals(labels.get(Labels.STRIMZI_CLUSTER))
        && claim.topic().equals(name);
  }

  /** Why an AppService may not have its topics: a condition reason and a message. */
  public record Refusal(String reason, String message) {}

  public static final String NAME_NOT_ALLOWED = "TopicNameNotAllowed";
  public static final String NOT_OWNED = "TopicNotOwned";

  /**
   * Why {@code app} may not have its topics, or empty when they are its own.
   *
   * @param apps the AppServices the operator knows (it may include {@code app}); those whose names
   *     {@code policy} refuses claim nothing, so a refused AppService cannot hold a name back
   * @param topics the KafkaTopics of the Kafka namespaces, whoever made them
   */
  public static Optional<Refusal> refusal(
      AppService app,
      TopicNamePolicy policy,
      Collection<AppService> apps,
      Collection<KafkaTopic> topics) {
    var name = policy.refusal(app);
    if (name.isPresent()) {
      return Optional.of(new Refusal(NAME_NOT_ALLOWED, name.get()));
    }
    var rivals = apps.stream().filter(other -> policy.refusal(other).isEmpty()).toList();
    return conflict(app, rivals, topics).map(message -> new Refusal(NOT_OWNED, message));
  }

  private static Optional<String> conflict(
      AppService app, Collection<AppService> apps, Collection<KafkaTopic> topics) {
    for (var claim : of(app)) {
      for (var topic : topics) {
        if (manages(topic, claim) && !ownedBy(topic, app)) {
          return Optional.of(
              claim.field()
                  + " is '"
                  + claim.topic()
                  + "', which KafkaTopic "
                  + topic.getMetadata().getNamespace()
                  + "/"
                  + topic.getMetadata().getName()
                  + " already manages for "
                  + owner(topic)
                  + ". An AppService only gets topics that are its own: re-create it with"
                  + " another topic name.");
        }
      }
      for (var other : apps) {
        if (!sameApp(other, app)
            && FIRST.compare(other, app) < 0
            && of(other).stream().anyMatch(claim::sameTopic)) {
          return Optional.of(
              claim.field()
                  + " is '"
                  + claim.topic()
                  + "', which AppService "
                  + Naming.namespace(other)
                  + "/"
                  + Naming.name(other)
                  + " claimed first. An AppService only gets topics that are its own: re-create"
                  + " it with another topic name.");
        }
      }
    }
    return Optional.empty();
  }

  private static boolean ownedBy(KafkaTopic topic, AppService app) {
    var labels = topic.getMetadata().getLabels();
    return Labels.OPERATOR.equals(labels.get(Labels.MANAGED_BY))
        && Naming.namespace(app).equals(labels.get(Labels.OWNER_NAMESPACE))
        && Naming.name(app).equals(labels.get(Labels.OWNER_NAME));
  }

  private static String owner(KafkaTopic topic) {
    var labels = topic.getMetadata().getLabels();
    return Labels.OPERATOR.equals(labels.get(Labels.MANAGED_BY))
            && labels.containsKey(Labels.OWNER_NAME)
        ? "AppService " + labels.get(Labels.OWNER_NAMESPACE) + "/" + labels.get(Labels.OWNER_NAME)
        : "someone else (not an AppService)";
  }

  private static boolean sameApp(AppService a, AppService b) {
    return Objects.equals(Naming.namespace(a), Naming.namespace(b))
        && Objects.equals(Naming.name(a), Naming.name(b));
  }

  /** Who claimed first: the older AppService, then by namespace and name. */
  private static final Comparator<AppService> FIRST =
      Comparator.comparing(
              (AppService a) ->
                  Optional.ofNullable(a.getMetadata().getCreationTimestamp()).orElse("~"))
          .thenComparing(Naming::namespace)
          .thenComparing(Naming::name);
}
