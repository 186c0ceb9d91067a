package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaCredentials;
import dev.appservice.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Watches the Secrets Strimzi writes (labelled strimzi.io/cluster, in the Kafka namespaces) so that
 * a new or rotated credential is copied to the AppServices that use it.
 */
public final class KafkaSourceSecrets {

  public static final String NAME = "kafka-source-secrets";

  private KafkaSourceSecrets() {}

  /**
   * @param kafkaNamespaces where to watch; empty means all namespaces
   */
  public static InformerEventSource<Secret, AppService> eventSource(
      EventSourceContext<AppService> context, Set<String> kafkaNamespaces) {
    var builder = InformerEventSourceConfiguration.from(Secret.class, AppService.class);
    if (kafkaNamespaces.isEmpty()) {
      builder.withWatchAllNamespaces();
    } else {
      builder.withNamespaces(kafkaNamespaces).withFollowControllerNamespacesChanges(false);
    }
    var config =
        builder
            .withName(NAME)
            .withLabelSelector(Labels.STRIMZI_CLUSTER)
            .withSecondaryToPrimaryMapper(
                secret -> {
                  var source =
                      new KafkaCredentials.Source(
                          secret.getMetadata().getNamespace(), secret.getMetadata().getName());
                  return context
                      .getPrimaryCache()
                      .list()
                      .filter(app -> KafkaCredentials.sources(app).contains(source))
                      .map(ResourceID::fromResource)
                      .collect(Collectors.toSet());
                })
            .build();
    return new InformerEventSource<>(config, context);
  }

  @SuppressWarnings("unchecked")
  static Optional<Secret> find(Context<AppService> context, KafkaCredentials.Source source) {
    var eventSource =
        (InformerEventSource<Secret, AppService>)
            context.eventSourceRetriever().getEventSourceFor(Secret.class, NAME);
    return eventSource.get(new ResourceID(source.name(), source.namespace()));
  }
}
