package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.TopicClaims;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every KafkaTopic of the Kafka namespaces, whoever made it, to tell whose a topic is (see {@link
 * TopicClaims}). A KafkaTopic that appears, changes or goes away reconciles the AppServices that
 * claim its topic, so a refused AppService proceeds once the topic is free.
 */
public final class KafkaTopicRegistry {

  public static final String NAME = "all-kafka-topics";

  private KafkaTopicRegistry() {}

  /**
   * @param kafkaNamespaces where to watch; empty means all namespaces
   */
  public static InformerEventSource<KafkaTopic, AppService> eventSource(
      EventSourceContext<AppService> context, Set<String> kafkaNamespaces) {
    var builder = KafkaNamespaces.watching(KafkaTopic.class, kafkaNamespaces);
    var config =
        builder
            .withName(NAME)
            .withSecondaryToPrimaryMapper(
                topic ->
                    context
                        .getPrimaryCache()
                        .list()
                        .filter(
                            app ->
                                TopicClaims.of(app).stream()
                                    .anyMatch(claim -> TopicClaims.manages(topic, claim)))
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(config, context);
  }

  @SuppressWarnings("unchecked")
  public static List<KafkaTopic> all(Context<AppService> context) {
    var eventSource =
        (InformerEventSource<KafkaTopic, AppService>)
            context.eventSourceRetriever().getEventSourceFor(KafkaTopic.class, NAME);
    return eventSource.list().toList();
  }
}
