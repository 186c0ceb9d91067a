package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads the operator's copies of Strimzi's Secrets from the informer caches, by name. */
final class CopiedSecrets {

  private CopiedSecrets() {}

  /**
   * The digest of the copies a component's pods mount (it has Kafka authentication); empty while a
   * copy is missing (Strimzi has not written the original yet, or it went away).
   */
  static Optional<String> digest(AppService app, Context<AppService> context, String component) {
    var mounted = KafkaCredentials.mounted(app, component);
    Map<String, Map<String, String>> copies = new LinkedHashMap<>();
    mounted.forEach(name -> copies.put(name, data(app, context, name)));
    return copies.containsValue(null)
        ? Optional.empty()
        : Optional.of(KafkaCredentials.digest(mounted, copies::get));
  }

  /**
   * The data of the copy named {@code name} in the AppService's namespace, or null if there is none
   * (yet): Strimzi has not written the original, or the copy dependent has not run.
   */
  static Map<String, String> data(AppService app, Context<AppService> context, String name) {
    return context
        .getSecondaryResourcesAsStream(Secret.class)
        .filter(s -> name.equals(s.getMetadata().getName()))
        .filter(s -> app.getMetadata().getNamespace().equals(s.getMetadata().getNamespace()))
        .findFirst()
        .map(Secret::getData)
        .orElse(null);
  }
}
