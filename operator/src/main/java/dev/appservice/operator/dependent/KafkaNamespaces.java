package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import java.util.Set;

/** Event sources on what Strimzi's namespaces hold: only those the operator was given. */
final class KafkaNamespaces {

  private KafkaNamespaces() {}

  /**
   * @param kafkaNamespaces where to watch; empty means all namespaces
   */
  static <R extends HasMetadata> InformerEventSourceConfiguration.Builder<R> watching(
      Class<R> type, Set<String> kafkaNamespaces) {
    var builder = InformerEventSourceConfiguration.from(type, AppService.class);
    if (kafkaNamespaces.isEmpty()) {
      builder.withWatchAllNamespaces();
    } else {
      builder.withNamespaces(kafkaNamespaces).withFollowControllerNamespacesChanges(false);
    }
    return builder;
  }
}
