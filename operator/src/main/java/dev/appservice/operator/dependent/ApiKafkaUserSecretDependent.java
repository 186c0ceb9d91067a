package dev.appservice.operator.dependent;

import dev.appservice.operator.api.v1alpha1.AppService;
import dev.appservice.operator.model.KafkaCredentials;
import dev.appservice.operator.model.Labels;
import dev.appservice.operator.model.Naming;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_BY_SELECTOR))
public class ApiKafkaUserSecretDependent extends KafkaSecretCopyDependent {

  @Override
  KafkaCredentials.Source source(AppService app) {
    return KafkaCredentials.userSource(app, Naming.API);
  }

  @Override
  String target(AppService app) {
    return KafkaCredentials.userSecret(app, Naming.API);
  }

  @Override
  String component() {
    return Naming.API;
  }
}
