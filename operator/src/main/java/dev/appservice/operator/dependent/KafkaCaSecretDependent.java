package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaCredentials;
import dev.appservice.operator.model.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class KafkaCaSecretDependent extends KafkaSecretCopyDependent {

  @Override
  KafkaCredentials.Source source(AppService app) {
    return KafkaCredentials.caSource(app);
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
