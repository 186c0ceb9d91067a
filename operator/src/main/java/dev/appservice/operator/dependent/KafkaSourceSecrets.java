package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaCredentials;
import dev.appservice.operator.model.KafkaUsers;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Secrets Strimzi writes that the operator copies next to each AppService. The credentials of
 * our KafkaUsers are watched (only those: Strimzi labels them from the KafkaUser's secret template,
 * see {@link KafkaUsers#CREDENTIALS_SELECTOR}), so a new or rotated password is copied at once. The
 * cluster CA's certificate is read by name when needed and so noticed within the resync interval:
 * no informer holds any other Secret of Strimzi's, such as its CAs' private keys, whose Secrets
 * carry the same labels as the certificate's.
 */
public final class KafkaSourceSecrets {

  public static final String NAME = "kafka-source-secrets";

  private KafkaSourceSecrets() {}

  /**
   * @param kafkaNamespaces where to watch; empty means all namespaces
   */
  public static InformerEventSource<Secret, AppService> eventSource(
      EventSourceContext<AppService> context, Set<String> kafkaNamespaces) {
    var builder = KafkaNamespaces.watching(Secret.class, kafkaNamespaces);
    var config =
        builder
            .withName(NAME)
            .withLabelSelector(KafkaUsers.CREDENTIALS_SELECTOR)
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

  /** A KafkaUser's credentials, from the informer. */
  @SuppressWarnings("unchecked")
  static Optional<Secret> find(Context<AppService> context, KafkaCredentials.Source source) {
    var eventSource =
        (InformerEventSource<Secret, AppService>)
            context.eventSourceRetriever().getEventSourceFor(Secret.class, NAME);
    return eventSource.get(new ResourceID(source.name(), source.namespace()));
  }

  /** A Secret no informer holds (the CA's certificate), from the API server; empty if absent. */
  static Optional<Secret> read(Context<AppService> context, KafkaCredentials.Source source) {
    return Optional.ofNullable(
        context
            .getClient()
            .secrets()
            .inNamespace(source.namespace())
            .withName(source.name())
            .get());
  }
}
