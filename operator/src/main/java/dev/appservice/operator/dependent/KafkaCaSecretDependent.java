package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaCredentials;
import dev.appservice.operator.model.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Optional;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class KafkaCaSecretDependent extends KafkaSecretCopyDependent {

  @Override
  KafkaCredentials.Source source(AppService app) {
    return KafkaCredentials.caSource(app);
  }

  /**
   * Read by name, not watched: Strimzi labels its CAs' private keys like this certificate, so an
   * informer would hold them too. A renewed certificate is copied within the resync interval
   * (Strimzi keeps the old one valid while it renews).
   */
  @Override
  Optional<Secret> original(AppService primary, Context<AppService> context) {
    return KafkaSourceSecrets.read(context, source(primary));
  }

  @Override
  String target(AppService app) {
    return KafkaCredentials.caSecret(app);
  }

  @Override
  String component() {
    return "kafka";
  }
}
